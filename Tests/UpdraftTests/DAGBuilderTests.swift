import Foundation
import Testing
import Updraft

@Suite struct DAGBuilderTests {
    func edges(_ dag: DAG) -> Set<String> { Set(dag.edges.map { "\($0.upstream)>\($0.downstream)" }) }

    @Test func airflowDependencyForms() throws {
        let dag = try DAG("deps") { dag in
            let a = dag.task("a", EmptyOperator()), b = dag.task("b", EmptyOperator())
            let c = dag.task("c", EmptyOperator()), d = dag.task("d", EmptyOperator())
            let e = dag.task("e", EmptyOperator()), f = dag.task("f", EmptyOperator())
            a >> [b, c]
            [b, c] >> d
            e << d
            a >>> b >>> f
            f <<< [c, e]
            a >> b  // a repeated edge is a no-op
        }
        #expect(edges(dag) == ["a>b", "a>c", "b>d", "c>d", "d>e", "b>f", "c>f", "e>f"])
        #expect(dag.upstreamTaskIDs(of: "f").sorted() == ["b", "c", "e"])
        #expect(dag.leafTaskIDs == ["f"])
    }

    @Test func chainIsElementWiseChainLinearIsFull() throws {
        let chained = try DAG("chain") { dag in
            let t = (1...6).map { dag.task("t\($0)", EmptyOperator()) }
            chain(t[0], [t[1], t[2]], [t[3], t[4]], t[5])
        }
        #expect(edges(chained) == ["t1>t2", "t1>t3", "t2>t4", "t3>t5", "t4>t6", "t5>t6"])
        let linear = try DAG("linear") { dag in
            let t = (1...5).map { dag.task("t\($0)", EmptyOperator()) }
            chainLinear(t[0], [t[1], t[2]], [t[3], t[4]])
            crossDownstream(from: [t[0]], to: [t[4]])
        }
        #expect(edges(linear) == ["t1>t2", "t1>t3", "t2>t4", "t2>t5", "t3>t4", "t3>t5", "t1>t5"])
    }

    @Test func chainWithListsOfDifferentLengthsFails() {
        #expect {
            try DAG("bad_chain") { dag in
                let t = (1...5).map { dag.task("t\($0)", EmptyOperator()) }
                chain([t[0], t[1]], [t[2], t[3], t[4]])
            }
        } throws: { ($0 as? DAGError)?.code == .chainLengthMismatch }
    }

    @Test func cycleErrorNamesTheDAGAndThePath() {
        #expect {
            try DAG("cyclic") { dag in
                let a = dag.task("a", EmptyOperator()), b = dag.task("b", EmptyOperator())
                let c = dag.task("c", EmptyOperator())
                a >>> b >>> c >>> a
            }
        } throws: { error in
            guard let error = error as? DAGError else { return false }
            return error.code == .cycle && error.dagID == "cyclic" && error.cyclePath == ["a", "b", "c", "a"]
                && error.description.contains("a >> b >> c >> a")
        }
        #expect { try DAG("self") { dag in let a = dag.task("a", EmptyOperator()); a >> a } } throws: {
            ($0 as? DAGError)?.cyclePath == ["a", "a"]
        }
    }

    @Test(arguments: ["", "has space", "semi;colon", String(repeating: "x", count: 251)])
    func invalidTaskIDs(_ id: String) {
        #expect { try DAG("d") { dag in dag.task(id, EmptyOperator()) } } throws: {
            ($0 as? DAGError)?.code == .invalidTaskID
        }
    }

    @Test func validIDsIncludeDotsDashesAndUnicodeLetters() throws {
        let dag = try DAG("talend.jobs-v2") { dag in
            dag.task("hello-world", EmptyOperator())
            dag.task("group.extract_1", EmptyOperator())
            dag.task("données", EmptyOperator())
        }
        #expect(dag.taskIDs.count == 3)
        #expect(throws: DAGError.self) { try DAG("bad id") { _ in } }
    }

    @Test func duplicateTaskID() {
        #expect {
            try DAG("dup") { dag in
                dag.task("same", EmptyOperator())
                dag.task("same", EmptyOperator())
            }
        } throws: { ($0 as? DAGError)?.code == .duplicateTaskID }
    }

    @Test func tasksOfAnotherDAGCannotBeConnected() throws {
        nonisolated(unsafe) var foreign: TaskHandle?
        _ = try DAG("first") { dag in foreign = dag.task("x", EmptyOperator()) }
        #expect {
            try DAG("second") { dag in
                let y = dag.task("y", EmptyOperator())
                if let foreign { y >> foreign }
            }
        } throws: { ($0 as? DAGError)?.code == .foreignTask }
    }

    @Test func defaultArgsMergeExplicitWins() throws {
        let defaults = TaskOptions(owner: "data-team", email: "ops@example.com", retries: 1, retryDelay: .minutes(5),
                                   params: ["region": "eu", "env": "prod"])
        let dag = try DAG("merge", defaultArgs: defaults) { dag in
            dag.task("inherits", EmptyOperator())
            dag.task("overrides", EmptyOperator(),
                     options: TaskOptions(retries: 3, triggerRule: .allDone, params: ["env": "staging"]))
        }
        let inherits = try #require(dag.task("inherits"))
        let overrides = try #require(dag.task("overrides"))
        #expect(inherits.retries == 1 && inherits.retryDelay == .seconds(300) && inherits.owner == "data-team")
        #expect(inherits.triggerRule == .allSuccess && inherits.pool == "default_pool" && inherits.priorityWeight == 1)
        #expect(overrides.retries == 3 && overrides.triggerRule == .allDone && overrides.owner == "data-team")
        #expect(overrides.options.params == ["region": "eu", "env": "staging"])
        #expect(overrides.options.email?.addresses == ["ops@example.com"])
    }

    @Test func airflowDefaultsWithoutDefaultArgs() throws {
        let dag = try DAG("plain") { dag in dag.task("t", EmptyOperator()) }
        let task = try #require(dag.task("t"))
        #expect(task.retries == 0 && task.retryDelay == .seconds(300) && task.owner == "airflow")
        #expect(task.emailOnFailure && task.emailOnRetry && task.doXComPush && !task.dependsOnPast)
        #expect(dag.maxActiveTasks == 16 && dag.schedule == .manual && !dag.catchup)
    }

    @Test func invalidOptionsAreRejected() {
        #expect { try DAG("o") { $0.task("t", EmptyOperator(), options: TaskOptions(retries: -1)) } } throws: {
            ($0 as? DAGError)?.code == .invalidOption
        }
        #expect { try DAG("o") { $0.task("t", EmptyOperator(), options: TaskOptions(poolSlots: 0)) } } throws: {
            ($0 as? DAGError)?.message.contains("poolSlots") == true
        }
        #expect {
            try DAG("ff", failFast: true) { $0.task("t", EmptyOperator(), options: TaskOptions(triggerRule: .allDone)) }
        } throws: { ($0 as? DAGError)?.message.contains("failFast") == true }
        #expect { try DAG("s", schedule: "61 * * * *") { _ in } } throws: {
            ($0 as? DAGError)?.code == .invalidSchedule
        }
    }

    @Test func emailRecipientsSplitLikeAirflow() {
        let list: EmailRecipients = "a@x.com, b@x.com;c@x.com ;"
        #expect(list.addresses == ["a@x.com", "b@x.com", "c@x.com"])
        #expect(EmailRecipients(["a@x.com;b@x.com", "c@x.com"]).addresses == ["a@x.com", "b@x.com", "c@x.com"])
    }
}

@Suite struct DAGSubsetTests {
    private func diamond() throws -> DAG {
        try DAG("diamond") { dag in
            let a = dag.task("a", EmptyOperator()), b = dag.task("b", EmptyOperator())
            let c = dag.task("c", EmptyOperator()), d = dag.task("d", EmptyOperator())
            a >> [b, c]
            [b, c] >> d
        }
    }

    @Test func keepsOnlyTheTaskAsARoot() throws {
        let subset = try diamond().partialSubset(taskIDs: ["b"])
        #expect(subset.taskIDs == ["b"])
        #expect(subset.edges.isEmpty)
    }

    @Test func includesUpstreamAndDownstreamTransitively() throws {
        let dag = try diamond()
        #expect(try dag.partialSubset(taskIDs: ["d"], includeUpstream: true).taskIDs == ["a", "b", "c", "d"])
        let down = try dag.partialSubset(taskIDs: ["b"], includeDownstream: true)
        #expect(down.taskIDs == ["b", "d"])
        #expect(down.edges.map { "\($0.upstream)>\($0.downstream)" } == ["b>d"])
    }

    @Test func unknownTaskIsATypedError() throws {
        #expect(throws: DAGError.self) { try diamond().partialSubset(taskIDs: ["zzz"]) }
    }
}
