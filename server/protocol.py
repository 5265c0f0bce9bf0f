"""The JSON-RPC protocol of the server: pygls' LSP protocol, answering malformed requests with an error.

pygls drops a request whose params do not fit the method's type (it logs the problem and never
answers), which leaves the client waiting forever. Here such a request gets an "invalid params" error
response instead; a malformed notification is still only logged, as JSON-RPC prescribes.

An expected refusal (a `Refusal`: a rename that cannot be done safely, a run in an untrusted workspace)
is answered with its error and logged as information — pygls would log it with a traceback and report
it to the client's log as a server error.
"""
from __future__ import annotations

import contextvars
import logging
from collections.abc import Generator
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CommandRequest:
    """The executeCommand request a command handler is answering: its work-done token, and the future
    that is cancelled when the client sends `$/cancelRequest` for it."""

    params: types.ExecuteCommandParams
    future: Future[Any] | None


CURRENT_COMMAND: contextvars.ContextVar[CommandRequest | None] = contextvars.ContextVar("assetlens_command", default=None)


class Refusal(JsonRpcException):
    """A request the server declines for a reason the user can act on (the message says which)."""

    CODE = -32803  # RequestFailed
    MESSAGE = "request refused"


@dataclass(frozen=True, slots=True)
class _MalformedRequest:
    id: Any
    method: str
    error: JsonRpcException
    jsonrpc: str = "2.0"


class AssetLensProtocol(LanguageServerProtocol):
    @lsp_method(types.WORKSPACE_EXECUTE_COMMAND)
    def lsp_workspace__execute_command(self, params: types.ExecuteCommandParams) -> Generator[Any, Any, Any]:
        """pygls' executeCommand, letting the command handler see its request (see CommandRequest)."""
        message_id = self.msg_id
        future = self._request_futures.get(message_id) if message_id is not None else None
        CURRENT_COMMAND.set(CommandRequest(params, future))
        return (yield from super().lsp_workspace__execute_command(params))

    def _send_handler_result(self, future: Future[Any], *, msg_id: Any) -> None:
        """pygls' answer to a finished request, without a traceback for an expected refusal."""
        if not future.cancelled() and isinstance(future.exception(), Refusal):
            self._request_futures.pop(msg_id, None)
            refusal = future.exception()
            assert isinstance(refusal, Refusal)
            logger.info("request %r refused: %s", msg_id, refusal.message)
            self._send_response(msg_id, error=refusal.to_response_error())
            return
        super()._send_handler_result(future, msg_id=msg_id)

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if isinstance(data, dict) and "id" in data and isinstance(data.get("method"), str):
                message_id = data["id"]
                if isinstance(message_id, (str, int)) and not isinstance(message_id, bool):
                    return _MalformedRequest(message_id, data["method"], error)
            raise

    def handle_message(self, message: Any) -> None:
        if isinstance(message, _MalformedRequest):
            logger.warning("malformed %s request %r", message.method, message.id)
            error = JsonRpcInvalidParams(f"invalid params for {message.method}")
            self._send_response(message.id, error=error.to_response_error())
            return
        super().handle_message(message)
