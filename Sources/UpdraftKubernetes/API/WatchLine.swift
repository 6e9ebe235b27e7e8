import Foundation

/// Decodes one line of a watch stream: `{"type": T, "object": {…}}`; `ERROR` events carry a `Status`.
enum WatchLine {
    private struct Envelope: Decodable {
        var type: String
        var object: Pod?
    }

    private struct ErrorEnvelope: Decodable {
        var object: KubernetesAPIError.StatusBody
    }

    static func decode(_ line: String, request: String) throws -> PodWatchEvent {
        let data = Data(line.utf8)
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: data)
        } catch {
            if let status = try? JSONDecoder().decode(ErrorEnvelope.self, from: data).object {
                throw apiError(status, request: request)
            }
            throw KubernetesAPIError(statusCode: 200, reason: "UndecodableWatchEvent",
                                     message: "cannot decode a watch event: \(error)", request: request)
        }
        if envelope.type == "ERROR" {
            let status = (try? JSONDecoder().decode(ErrorEnvelope.self, from: data).object)
            throw apiError(status, request: request)
        }
        guard let kind = PodWatchEvent.Kind(rawValue: envelope.type), let pod = envelope.object else {
            throw KubernetesAPIError(statusCode: 200, reason: "UndecodableWatchEvent",
                                     message: "unexpected watch event type \(envelope.type)", request: request)
        }
        return PodWatchEvent(kind: kind, pod: pod)
    }

    private static func apiError(_ status: KubernetesAPIError.StatusBody?, request: String) -> KubernetesAPIError {
        KubernetesAPIError(statusCode: status?.code ?? 500, reason: status?.reason,
                           message: status?.message ?? "watch error", request: request)
    }
}
