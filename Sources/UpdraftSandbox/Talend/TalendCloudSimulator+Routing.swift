import Foundation

extension TalendCloudSimulator {
    /// The API families the simulator serves, by path prefix.
    private enum API {
        /// `/processing/...` (2021-03 API).
        case processing
        /// `/tmc/v2.2/...` or `/tmc/v2.6/...` (legacy, same shapes).
        case legacy
        /// `/monitoring/...` (execution logs).
        case monitoring
    }

    /// Fault injection, then the token endpoint or authentication, then the endpoint; runs under the state lock.
    static func respond(
        to request: SandboxHTTPRequest, state: inout State, tokens: Set<String>, serviceAccounts: [String: String],
        now: Date
    ) -> SandboxHTTPResponse {
        if let index = state.faults.firstIndex(where: { $0.matches(request) }) {
            state.faults[index].count -= 1
            return state.faults[index].response { status, reason in
                TalendErrorResponse(status: status, message: reason, detail: "Injected by the sandbox").response
            }
        }
        if request.path == "/security/oauth/token" {
            return issueAccessToken(request, state: &state, serviceAccounts: serviceAccounts, now: now)
        }
        guard isAuthorized(request, tokens: tokens, issued: state.issuedTokens, now: now) else {
            return TalendErrorResponse.unauthorized.response
        }

        let segments = request.pathSegments.map(String.init)
        let api: API
        let rest: ArraySlice<String>
        switch segments.first {
        case "processing":
            (api, rest) = (.processing, segments.dropFirst())
        case "tmc" where segments.count > 1 && ["v2.2", "v2.6"].contains(segments[1]):
            (api, rest) = (.legacy, segments.dropFirst(2))
        case "monitoring":
            (api, rest) = (.monitoring, segments.dropFirst())
        default:
            return TalendErrorResponse.notFound("No resource at \(request.path)").response
        }

        let path = Array(rest)
        switch api {
        case .processing, .legacy:
            guard path.first == "executions" else { break }
            if path.count == 1 {
                guard request.method == "POST" else { return methodNotAllowed(request) }
                return start(request, state: &state, throughProcessingAPI: api == .processing, now: now)
            }
            guard path.count == 2 else { break }
            let id = path[1]
            switch request.method {
            case "GET":
                guard var execution = state.executions[id] else { return unknownExecution(id) }
                let wasTerminal = execution.state.isTerminal
                execution.advance(now: now)
                if !wasTerminal, execution.state.isTerminal { state.inFlight -= 1 }
                state.executions[id] = execution
                return .json(200, execution.statusBody)
            case "DELETE":
                guard state.executions[id] != nil else { return unknownExecution(id) }
                state.executions[id]?.terminate()
                return SandboxHTTPResponse(status: 204)
            default:
                return methodNotAllowed(request)
            }
        case .monitoring:
            guard path.count == 3, path[0] == "executions", path[2] == "logs" else { break }
            guard request.method == "GET" else { return methodNotAllowed(request) }
            return logs(request, execution: state.executions[path[1]], executionID: path[1])
        }
        return TalendErrorResponse.notFound("No resource at \(request.path)").response
    }

    static func methodNotAllowed(_ request: SandboxHTTPRequest) -> SandboxHTTPResponse {
        TalendErrorResponse(status: 405, message: "Method Not Allowed", detail: request.method).response
    }

    /// `Authorization: Bearer <token>` with exactly one space and a known token, or an access token not yet
    /// expired.
    private static func isAuthorized(
        _ request: SandboxHTTPRequest, tokens: Set<String>, issued: [String: Date], now: Date
    ) -> Bool {
        guard let value = request.header("Authorization"), value.hasPrefix("Bearer ") else { return false }
        let token = String(value.dropFirst("Bearer ".count))
        return tokens.contains(token) || issued[token].map { now < $0 } ?? false
    }

    private static func unknownExecution(_ id: String) -> SandboxHTTPResponse {
        TalendErrorResponse.notFound("Execution \(id) not found").response
    }

    /// `POST /processing/executions`: validates the body, applies the task's script and creates the run.
    private static func start(
        _ request: SandboxHTTPRequest, state: inout State, throughProcessingAPI: Bool, now: Date
    ) -> SandboxHTTPResponse {
        let startRequest: TalendStartRequest
        switch TalendStartRequest.parse(request.body) {
        case .success(let parsed): startRequest = parsed
        case .failure(let error): return error.response
        }
        guard let script = state.jobs[startRequest.executable] else {
            return TalendErrorResponse.notFound("Executable \(startRequest.executable) not found").response
        }
        if let startFailure = script.startFailure { return startFailure.response }
        let id = UUID().uuidString.lowercased()
        state.executions[id] = TalendExecution(
            executionID: id, request: startRequest, script: script,
            startedThroughProcessingAPI: throughProcessingAPI, triggerTime: now)
        state.startOrder.append(id)
        state.inFlight += 1
        state.peakInFlight = max(state.peakInFlight, state.inFlight)
        return .json(201, ["executionId": id])
    }
}
