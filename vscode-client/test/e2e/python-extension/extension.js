// A stand-in for the Python extension (ms-python.python) in assetlens's end-to-end test: the real one
// cannot be installed here (it is published on the VS Code Marketplace and Open VSX, not on the package
// registries this project installs from). It implements only the part of the Python extension's public
// API that assetlens reads, with the shapes of @vscode/python-extension's types: environments.
// getActiveEnvironmentPath, resolveEnvironment and onDidChangeActiveEnvironmentPath. The active
// interpreter is the `python.defaultInterpreterPath` setting (what the real extension uses until the user
// picks another) until one is chosen with "Python: Select Interpreter" (here an input box for its path;
// the real command's quick pick also has "Enter interpreter path…").
'use strict';
const vscode = require('vscode');

function activate(context) {
  const changed = new vscode.EventEmitter();
  let selected;
  const active = () => {
    const path = selected || vscode.workspace.getConfiguration('python').get('defaultInterpreterPath') || 'python';
    return { id: path, path };
  };
  context.subscriptions.push(
    changed,
    vscode.commands.registerCommand('python.setInterpreter', async () => {
      const path = await vscode.window.showInputBox({ title: 'Select Interpreter', prompt: 'Enter interpreter path', value: active().path });
      if (!path) return;
      selected = path;
      changed.fire({ ...active(), resource: undefined });
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('python.defaultInterpreterPath')) changed.fire({ ...active(), resource: undefined });
    }),
  );
  return {
    environments: {
      getActiveEnvironmentPath: () => active(),
      resolveEnvironment: async (environment) => {
        const path = typeof environment === 'string' ? environment : environment.path;
        return { id: path, path, executable: { uri: vscode.Uri.file(path) } };
      },
      onDidChangeActiveEnvironmentPath: changed.event,
    },
  };
}

module.exports = { activate, deactivate() {} };
