import Updraft
import UpdraftCurl

/// How the pod operator treats an error of the Kubernetes API or of the cluster configuration.
///
/// | kind | errors | what happens |
/// | --- | --- | --- |
/// | ``transient`` | connection refused or reset, timeouts, TLS handshake failures, 429, 5xx, a stream cut mid-response, an exec plugin that timed out or failed | retried (the hook's retries; streams are re-established), then the try fails and the task's `retries` apply |
/// | ``expired`` | 410 `Expired`/`Gone` on a watch | re-list, then watch from the list's resourceVersion |
/// | ``configuration`` | kubeconfig and connection errors, an exec plugin that cannot run, 400, 401 (after one re-authentication), 403, 404 namespace, 422 pod spec rejected, TLS verification | the try fails at once, without retries (`FailWithoutRetry`) |
/// | ``other`` | anything else (the pod's own failures) | an ordinary failure: the task's `retries` apply |
enum KubernetesFailure: Equatable {
    case transient
    case expired
    case configuration
    case other

    /// Transport failures worth another try (the request may not have reached the server, or the answer was cut).
    static let transientTransportErrors: Set<CurlError.Code> = [
        .couldNotConnect, .couldNotResolveHost, .timedOut, .sendFailed, .receiveFailed, .tlsHandshakeFailed,
    ]

    /// Transport failures that trying again cannot fix.
    static let configurationTransportErrors: Set<CurlError.Code> = [
        .tlsVerifyFailed, .tlsCertificateProblem, .invalidRequest, .unsupportedProtocol, .couldNotResolveProxy,
    ]

    init(_ error: any Error) {
        switch error {
        case let error as KubernetesAPIError:
            switch error.statusCode {
            case 410: self = .expired
            case 429, 500...599: self = .transient
            case 400, 401, 403, 404, 405, 415, 422: self = .configuration
            default: self = .other
            }
        case is KubernetesStreamError:
            self = .transient
        case let error as KubernetesConfigError:
            self = error.isRetryable ? .transient : .configuration
        case let error as CurlError:
            if Self.transientTransportErrors.contains(error.code) {
                self = .transient
            } else if Self.configurationTransportErrors.contains(error.code) {
                self = .configuration
            } else {
                self = .other
            }
        case is ConnectionError:
            self = .configuration
        default:
            self = .other
        }
    }
}
