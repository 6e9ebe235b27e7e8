public import Foundation
import Synchronization

/// A faithful local stand-in for the Talend Cloud executions API (talend-api.md §9): start, status, logs and
/// terminate on both `/processing` and the legacy `/tmc/v2.2` (and `/tmc/v2.6`) paths, with bearer-token auth
/// (static tokens, and service-account access tokens from `POST /security/oauth/token`, valid 30 minutes),
/// Talend's `ErrorResponse` bodies, scripted jobs that progress per status poll, fault injection and a request log.
///
/// Serve it with ``SandboxHTTPServer``: `try await SandboxHTTPServer.start(handler: simulator)`.
public final class TalendCloudSimulator: SandboxHTTPHandler {
    /// What the simulator accepts and how its tasks behave.
    public struct Configuration: Sendable {
        /// The bearer tokens accepted (personal access tokens); any other token (or none) gets 401.
        public var tokens: Set<String>
        /// Service accounts, client id → client secret, that may get access tokens from `/security/oauth/token`.
        public var serviceAccounts: [String: String]
        /// The scripted behaviour of each task id; an unknown `executable` gets 404.
        public var jobs: [String: TalendJobScript]
        /// The clock for timestamps and token expiry (progress never depends on it: runs advance per status poll).
        public var now: @Sendable () -> Date

        /// Creates a configuration; the defaults accept ``TalendCloudSimulator/defaultToken``, know
        /// ``TalendCloudSimulator/defaultServiceAccount`` and ``TalendCloudSimulator/defaultJobs``.
        /// - Parameters:
        ///   - tokens: the bearer tokens accepted as they are (personal access tokens).
        ///   - serviceAccounts: client id → client secret of the accounts that may get access tokens.
        ///   - jobs: the scripted behaviour of each task id.
        ///   - now: the clock for timestamps and access-token expiry.
        public init(
            tokens: Set<String> = [TalendCloudSimulator.defaultToken],
            serviceAccounts: [String: String] = [
                TalendCloudSimulator.defaultServiceAccount.clientID:
                    TalendCloudSimulator.defaultServiceAccount.clientSecret,
            ],
            jobs: [String: TalendJobScript] = TalendCloudSimulator.defaultJobs,
            now: @escaping @Sendable () -> Date = { Date() }
        ) {
            self.tokens = tokens
            self.serviceAccounts = serviceAccounts
            self.jobs = jobs
            self.now = now
        }
    }

    /// The token the default configuration accepts.
    public static let defaultToken = "sandbox-talend-token"

    /// The task id of the seed's `talend_api_jobs` DAG (the Astronomer guide's example task).
    public static let seedTaskID = "5fb2f5126a1cd451b07bee7a"

    /// One task per behaviour, by task id: `job-succeeds`, `job-fails`, `job-long-running` (until terminated),
    /// `job-slow` (succeeds on its 8th status poll),
    /// `job-rejects-rows`, `job-deploy-fails`, `job-times-out`, `job-paused` (405), `job-not-configured` (501)
    /// and `job-forbidden` (403); plus the seed's task ``seedTaskID``, which succeeds.
    public static let defaultJobs: [String: TalendJobScript] = [
        seedTaskID: .succeeds(),
        "job-succeeds": .succeeds(),
        "job-fails": .fails(),
        "job-long-running": .runsUntilTerminated(),
        "job-slow": .succeeds(afterPolls: 8),
        "job-rejects-rows": .rejectsRows(),
        "job-deploy-fails": .deployFails(),
        "job-times-out": .timesOut(),
        "job-paused": .paused,
        "job-not-configured": .notConfigured,
        "job-forbidden": .forbidden,
    ]

    struct State {
        var jobs: [String: TalendJobScript]
        var executions: [String: TalendExecution] = [:]
        var startOrder: [String] = []
        var faults: [TalendFault] = []
        var requestLog: [TalendRecordedRequest] = []
        /// Access tokens given to service accounts, with their expiry.
        var issuedTokens: [String: Date] = [:]
        /// How many runs are not in a terminal state, and the most there ever were.
        var inFlight = 0
        var peakInFlight = 0
    }

    let tokens: Set<String>
    let serviceAccounts: [String: String]
    let now: @Sendable () -> Date
    let state: Mutex<State>

    /// Creates a simulator with no runs.
    public init(configuration: Configuration = Configuration()) {
        tokens = configuration.tokens
        serviceAccounts = configuration.serviceAccounts
        now = configuration.now
        state = Mutex(State(jobs: configuration.jobs))
    }

    /// Adds or replaces the script of task `executableID`.
    public func setScript(_ script: TalendJobScript, for executableID: String) {
        state.withLock { $0.jobs[executableID] = script }
    }

    /// Makes the next `fault.count` matching requests get the fault's answer (an error status, a page that is not
    /// JSON, a huge, endless or trickling body) instead of their normal one.
    public func injectFault(_ fault: TalendFault) {
        state.withLock { $0.faults.append(fault) }
    }

    /// Removes every fault not yet spent: the stand-in answers normally again.
    public func clearFaults() {
        state.withLock { $0.faults.removeAll() }
    }

    /// Every request received so far, oldest first.
    public func requests() -> [TalendRecordedRequest] {
        state.withLock { $0.requestLog }
    }

    /// The requests received for exactly `path`, oldest first.
    public func requests(to path: String) -> [TalendRecordedRequest] {
        state.withLock { $0.requestLog.filter { $0.path == path } }
    }

    /// The runs started so far, oldest first, with the validated start request of each.
    public func startedExecutions() -> [(executionID: String, request: TalendStartRequest)] {
        state.withLock { state in
            state.startOrder.compactMap { id in state.executions[id].map { (id, $0.request) } }
        }
    }

    /// The most runs that were in flight at once (not yet in a terminal state: dispatching, executing, stopping),
    /// counted whenever a run starts: 1 when no run ever started while another was still going.
    public func peakExecutionsInFlight() -> Int {
        state.withLock { $0.peakInFlight }
    }

    /// The coarse and detailed status a run is in now (its state moves on with status polls), or `nil` for an
    /// unknown run: `("terminated", "EXECUTION_TERMINATED")`, for example.
    public func currentStatus(of executionID: String) -> (status: String, executionStatus: String)? {
        state.withLock { state in
            state.executions[executionID].map { ($0.state.status, $0.state.executionStatus) }
        }
    }

    /// Answers one request; see the type's documentation for what is served.
    public func handle(_ request: SandboxHTTPRequest) async -> SandboxHTTPResponse {
        let now = now()
        return state.withLock { state in
            let response = Self.respond(to: request, state: &state, tokens: tokens, serviceAccounts: serviceAccounts,
                                        now: now)
            state.requestLog.append(TalendRecordedRequest(request, status: response.status))
            return response
        }
    }
}
