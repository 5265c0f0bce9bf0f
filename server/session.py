"""The server's state: the workspace folders, the open documents, and how a URI maps to a folder's file.

Everything here runs on the server's event loop; the analysed workspaces are only changed there.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from assetlens.server.convert import Converter, FileView, FileViews, LineIndex, path_to_uri, uri_to_path
from assetlens.server.documents import Documents, OpenDocument
from assetlens.server.folder import Folder

_LINE_CACHE_SIZE = 512


@dataclass(frozen=True, slots=True)
class Located:
    """A URI resolved to a file of an indexed folder."""

    folder: Folder
    file: str  # relative to the folder's root, posix
    document: OpenDocument | None


class Session:
    def __init__(self, converter: Converter | None = None) -> None:
        self.converter = converter or Converter()
        self.documents = Documents(self.converter)
        self.folders: list[Folder] = []
        self._lines: OrderedDict[tuple[Path, str], tuple[str, LineIndex]] = OrderedDict()

    def set_converter(self, converter: Converter) -> None:
        self.converter = converter
        self.documents.converter = converter

    # ---------------------------------------------------------------------------------------- folders

    def add_folder(self, uri: str, name: str) -> Folder | None:
        path = uri_to_path(uri)
        if path is None:
            return None
        root = path.resolve()
        for folder in self.folders:
            if folder.root == root:
                return folder
        folder = Folder(root=root, uri=uri, name=name or root.name)
        self.folders.append(folder)
        self.folders.sort(key=lambda item: len(item.root.parts), reverse=True)
        return folder

    def remove_folder(self, uri: str) -> Folder | None:
        path = uri_to_path(uri)
        if path is None:
            return None
        root = path.resolve()
        for folder in self.folders:
            if folder.root == root:
                self.folders.remove(folder)
                return folder
        return None

    def folder_for(self, path: Path) -> Folder | None:
        """The innermost folder containing `path`."""
        for folder in self.folders:  # deepest first
            if path == folder.root or folder.root in path.parents:
                return folder
        return None

    # ------------------------------------------------------------------------------------------ files

    def locate(self, uri: str, *, ready: bool = True) -> Located | None:
        """The folder file behind `uri` (None: not a file of a folder, or the folder is not indexed yet
        when `ready`)."""
        document = self.documents.get(uri)
        path = document.path if document is not None else uri_to_path(uri)
        if path is None:
            return None
        if document is None:
            path = path.resolve()
        folder = self.folder_for(path)
        if folder is None or (ready and not folder.ready):
            return None
        file = folder.relpath(path)
        if file is None:
            return None
        return Located(folder, file, document)

    def uri_of(self, folder: Folder, file: str) -> str:
        document = self.documents.at_path(folder.root / file)
        return document.uri if document is not None else path_to_uri(folder.root / file)

    def fact_lines(self, folder: Folder, file: str) -> LineIndex:
        """The lines of the text the facts of `file` come from."""
        assert folder.workspace is not None
        module = folder.workspace.modules.get(file)
        stamp = module.content_hash if module is not None else ""
        cache_key = (folder.root, file)
        cached = self._lines.get(cache_key)
        if cached is not None and cached[0] == stamp and stamp:
            self._lines.move_to_end(cache_key)
            return cached[1]
        lines = LineIndex(folder.text_of_facts(file))
        self._lines[cache_key] = (stamp, lines)
        if len(self._lines) > _LINE_CACHE_SIZE:
            self._lines.popitem(last=False)
        return lines

    def fact_view(self, folder: Folder, file: str) -> FileView:
        """How to convert the facts' positions of `file`."""
        document = self.documents.at_path(folder.root / file)
        return FileView(
            uri=document.uri if document is not None else path_to_uri(folder.root / file),
            lines=self.fact_lines(folder, file),
            version=document.version if document is not None else None,
        )

    def views(self, folder: Folder) -> FileViews:
        return lambda file: self.fact_view(folder, file)

    def request_lines(self, located: Located) -> LineIndex:
        """The lines a request's positions refer to: the editor's text when the file is open."""
        if located.document is not None:
            return located.document.lines
        return self.fact_lines(located.folder, located.file)

    def open_documents_of(self, folder: Folder) -> Iterator[tuple[str, OpenDocument]]:
        for document in self.documents:
            if document.path is None:
                continue
            if self.folder_for(document.path) is not folder:
                continue
            file = folder.relpath(document.path)
            if file is not None:
                yield file, document
