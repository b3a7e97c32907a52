import Foundation
import PackagePlugin

/// Embeds the shipped Lua playbooks and scripts (the package's `Plugins/` folder) into the
/// target that uses this plugin, so that a `kehu` binary copied out of `.build` carries them.
/// The generated source is rebuilt whenever a file under `Plugins/` changes.
@main
struct EmbedPlugins: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appendingPathComponent("Plugins")
        var inputs: [URL] = []
        if let walk = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walk where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                inputs.append(url)
            }
        }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedPluginFiles.swift")
        return [.buildCommand(displayName: "Embedding Plugins/ (\(inputs.count) files)",
                              executable: try context.tool(named: "EmbedPluginsTool").url,
                              arguments: [folder.path, output.path],
                              inputFiles: inputs.sorted { $0.path < $1.path },
                              outputFiles: [output])]
    }
}
