import Foundation

/// A validated `Executabletask` body of `POST /processing/executions`.
public struct TalendStartRequest: Sendable, Hashable {
    /// The task id that was executed.
    public var executable: String
    /// The context parameter overrides.
    public var parameters: [String: String]
    /// `OFF`, `ERROR`, `WARN` or `INFO`, when given.
    public var logLevel: String?
    /// The execution timeout in minutes, when given.
    public var timeout: Int?

    static let logLevels: Set<String> = ["OFF", "ERROR", "WARN", "INFO"]

    /// Parses and validates `body` the way talend-api.md §3 lists the 400 triggers; the error is the 400's detail.
    static func parse(_ body: [UInt8]) -> Result<TalendStartRequest, TalendErrorResponse> {
        guard let json = try? JSONDecoder().decode(SandboxJSON.self, from: Data(body)), case .object = json else {
            return .failure(.badRequest("Request body must be a JSON object"))
        }
        guard case .string(let executable)? = json["executable"], !executable.isEmpty else {
            return .failure(.badRequest("executable must not be empty"))
        }
        var request = TalendStartRequest(executable: executable, parameters: [:])
        switch json["parameters"] {
        case nil, .null?:
            break
        case .object(let members)?:
            for (name, value) in members {
                guard case .string(let text) = value else {
                    return .failure(.badRequest("parameters.\(name) must be a string"))
                }
                request.parameters[name] = text
            }
        default:
            return .failure(.badRequest("parameters must be an object"))
        }
        switch json["logLevel"] {
        case nil, .null?:
            break
        case .string(let level)? where logLevels.contains(level):
            request.logLevel = level
        default:
            return .failure(.badRequest("logLevel must be one of OFF, ERROR, WARN, INFO"))
        }
        switch json["timeout"] {
        case nil, .null?:
            break
        case .int(let minutes)? where minutes >= 1 && minutes <= Int(Int32.max):
            request.timeout = minutes
        case .double(let minutes)? where minutes >= 1 && minutes <= Double(Int32.max) && minutes.rounded() == minutes:
            request.timeout = Int(minutes)
        default:
            return .failure(.badRequest("timeout must be an integer of at least 1 (minutes)"))
        }
        return .success(request)
    }
}
