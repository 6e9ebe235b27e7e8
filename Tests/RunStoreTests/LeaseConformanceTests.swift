import Foundation
import Testing
import Updraft

/// One owner per run: a live lease refuses others and names its owner; an expired one can be taken over.
@Suite struct LeaseConformanceTests {
    @Test(arguments: StoreKind.allCases)
    func aLiveLeaseRefusesAnotherOwnerAndNamesItsOwner(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await store.createRun(Fixtures.run("r"))
        let first = Fixtures.lease("first", expiresIn: 30)
        try await store.acquireLease(first, dagID: "etl", runID: "r", now: Fixtures.day)
        #expect(try await store.lease(dagID: "etl", runID: "r") == first)
        await #expect(throws: RunStoreError.runOwned(dagID: "etl", runID: "r", owner: first)) {
            try await store.acquireLease(Fixtures.lease("second", expiresIn: 60), dagID: "etl", runID: "r",
                                         now: Fixtures.day.addingTimeInterval(29))
        }
        // The owner itself may acquire again (a resume by the same engine).
        try await store.acquireLease(first, dagID: "etl", runID: "r", now: Fixtures.day.addingTimeInterval(29))
    }

    @Test(arguments: StoreKind.allCases)
    func anExpiredLeaseIsTakenOverAndTheOldOwnerLearnsIt(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await store.createRun(Fixtures.run("r"))
        let first = Fixtures.lease("first", expiresIn: 30)
        try await store.acquireLease(first, dagID: "etl", runID: "r", now: Fixtures.day)
        let second = Fixtures.lease("second", expiresIn: 90)
        try await store.acquireLease(second, dagID: "etl", runID: "r", now: Fixtures.day.addingTimeInterval(30))
        await #expect(throws: RunStoreError.leaseLost(dagID: "etl", runID: "r")) {
            try await store.renewLease(Fixtures.lease("first", expiresIn: 120), dagID: "etl", runID: "r")
        }
        try await store.releaseLease(ownerID: "first", dagID: "etl", runID: "r")
        #expect(try await store.lease(dagID: "etl", runID: "r") == second)
        let renewed = Fixtures.lease("second", expiresIn: 150)
        try await store.renewLease(renewed, dagID: "etl", runID: "r")
        #expect(try await store.lease(dagID: "etl", runID: "r") == renewed)
        try await store.releaseLease(ownerID: "second", dagID: "etl", runID: "r")
        #expect(try await store.lease(dagID: "etl", runID: "r") == nil)
        try await store.acquireLease(first, dagID: "etl", runID: "r", now: Fixtures.day)
    }

    @Test(arguments: StoreKind.allCases)
    func leasingAMissingRunFails(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        await #expect(throws: RunStoreError.runNotFound(dagID: "etl", runID: "nope")) {
            try await store.acquireLease(Fixtures.lease("x", expiresIn: 1), dagID: "etl", runID: "nope",
                                         now: Fixtures.day)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentAcquisitionHasExactlyOneOwner(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await store.createRun(Fixtures.run("r"))
        let owners = await withTaskGroup(of: Bool.self) { group in
            for number in 0..<20 {
                group.addTask {
                    (try? await store.acquireLease(Fixtures.lease("owner-\(number)", expiresIn: 30), dagID: "etl",
                                                   runID: "r", now: Fixtures.day)) != nil
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(owners == 1)
    }
}
