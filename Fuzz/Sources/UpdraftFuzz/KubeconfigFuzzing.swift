import UpdraftKubernetes

/// Kubeconfig text. Paths are left relative (no `directory`): resolving them against a directory is the
/// file-loading path, not the parser.
enum KubeconfigFuzzing {
    static func kubeconfig(_ input: FuzzInput) {
        guard let config = try? KubeconfigLoader.parse(input.text, source: "fuzz") else { return }
        let merged = KubeconfigLoader.merge([config, config])
        _ = try? KubeconfigLoader.clusterConfiguration(from: merged, context: nil, source: "fuzz")
        for name in (config.contexts ?? []).prefix(4).map(\.name) {
            _ = try? KubeconfigLoader.clusterConfiguration(from: config, context: name, source: "fuzz")
        }
    }
}
