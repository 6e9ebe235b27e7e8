import Testing
import UpdraftTesting

@Suite struct MockTalendAndSMTPHookTests {
    @Test func talendPollsWalkTheStatusesOfTheirTry() async throws {
        let talend = MockTalendCloudHook(executionID: "e-1", tries: [[.executing, .failed("tDie_1")], [.successful]])
        func polls(tryNumber: Int, count: Int) async throws -> [String] {
            let context = TaskContext.forTesting(tryNumber: tryNumber)
            _ = try await talend.startExecution(TalendExecutionRequest(executable: "task-1", logLevel: .info),
                                                logger: context.logger)
            var statuses: [String] = []
            for _ in 0..<count {
                statuses.append(try await talend.executionStatus("e-1", logger: context.logger).status ?? "")
            }
            return statuses
        }
        #expect(try await polls(tryNumber: 1, count: 3) == ["executing", "execution_failed", "execution_failed"])
        #expect(try await polls(tryNumber: 2, count: 1) == ["execution_successful"])
        #expect(talend.calls.starts == [TalendExecutionRequest(executable: "task-1", logLevel: .info),
                                        TalendExecutionRequest(executable: "task-1", logLevel: .info)])
        #expect(talend.calls.all.first == .startExecution(TalendExecutionRequest(executable: "task-1", logLevel: .info),
                                                          tryNumber: 1))
        #expect(talend.calls.statusPolls == ["e-1", "e-1", "e-1", "e-1"])
    }

    @Test func talendFailsOneCallOfATypedMethod() async throws {
        let talend = MockTalendCloudHook()
        talend.failNext(.executionStatus, with: TalendAPIError(operation: "get status", status: 503, message: "busy"))
        let logger = TaskContext.forTesting().logger
        await #expect(throws: TalendAPIError.self) { try await talend.executionStatus("e", logger: logger) }
        #expect(try await talend.executionStatus("e", logger: logger).status == "execution_successful")
    }

    @Test func smtpRefusesOnceThenAccepts() async throws {
        let smtp = MockSMTPHook(tries: [.refused("451 4.3.0 try again later"), .accept])
        let message = EmailMessage(to: ["ops@example.com"], subject: "done", htmlContent: "<p>done</p>")
        let error = await #expect(throws: CurlError.self) { try await smtp.send(message) }
        #expect(error?.code == .recipientRejected && error?.serverResponse == "451 4.3.0 try again later")
        let receipt = try await smtp.send(message)
        #expect(receipt.recipients == ["ops@example.com"])
        #expect(smtp.calls.all.map(\.accepted) == [false, true])
        #expect(smtp.calls.all.map(\.sendNumber) == [1, 2])
        #expect(smtp.calls.accepted.first?.rendered.sender == "airflow@example.com")
    }

    @Test func anInvalidMessageFailsAsItWouldLiveAndIsNotRecorded() async throws {
        let smtp = MockSMTPHook()
        let message = EmailMessage(to: ["ops@example.com"], subject: "done\r\nBcc: evil@example.com", htmlContent: "x")
        let error = await #expect(throws: EmailError.self) { try await smtp.send(message) }
        #expect(error?.code == .headerInjection)
        #expect(smtp.calls.all.isEmpty)
    }
}
