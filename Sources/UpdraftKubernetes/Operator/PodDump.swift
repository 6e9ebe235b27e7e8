import Foundation
import Updraft

/// A pod as JSON for logs and errors, with every environment value replaced by `***` and registered secrets
/// masked (issue §7 #6: secrets leaking in pod dumps).
enum PodDump {
    static func redacted(_ pod: Pod, masker: SecretMasker) -> String {
        var copy = pod
        if var spec = copy.spec {
            spec.containers = spec.containers.map(redact)
            spec.initContainers = spec.initContainers?.map(redact)
            copy.spec = spec
        }
        let data = (try? CurlKubernetesHook.encoder.encode(copy)) ?? Data()
        return masker.mask(String(decoding: data, as: UTF8.self))
    }

    private static func redact(_ container: Container) -> Container {
        var container = container
        container.env = container.env?.map { variable in
            var variable = variable
            if variable.value != nil { variable.value = "***" }
            return variable
        }
        return container
    }
}
