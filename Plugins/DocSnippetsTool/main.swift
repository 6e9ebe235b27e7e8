import Foundation

// doc-snippets ROOT OUTPUT SLOTS PRODUCT… — run by the DocSnippets build plugin: writes the snippet files of the
// documentation under ROOT into OUTPUT (only those whose text changed, so an unchanged article costs no
// compilation).
let arguments = CommandLine.arguments
guard arguments.count >= 4, let slots = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: doc-snippets ROOT OUTPUT SLOTS [PRODUCT…]\n".utf8))
    exit(64)
}
let output = URL(fileURLWithPath: arguments[2])
let generator = SnippetGenerator(root: URL(fileURLWithPath: arguments[1]), products: Set(arguments.dropFirst(4)))
do {
    let files = try generator.files(slotCount: slots)
    let manager = FileManager.default
    try manager.createDirectory(at: output, withIntermediateDirectories: true)
    for stale in try manager.contentsOfDirectory(atPath: output.path) where files[stale] == nil {
        try manager.removeItem(at: output.appending(path: stale))
    }
    for (name, text) in files {
        let url = output.appending(path: name)
        if (try? String(contentsOf: url, encoding: .utf8)) == text { continue }
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
} catch {
    FileHandle.standardError.write(Data("doc-snippets: \(error)\n".utf8))
    exit(1)
}
