import Testing
import Updraft
@testable import UpdraftCLI
@testable import UpdraftDrawing

@Suite struct GraphFormatTests {
    private func diamond() throws -> DAG {
        try DAG("diamond") { dag in
            let a = dag.task("a", EmptyOperator())
            let b = dag.task("b-1", EmptyOperator())
            let c = dag.task("c.2", EmptyOperator())
            let d = dag.task("d", EmptyOperator())
            a >>> [b, c] >>> d
        }
    }

    @Test func layersFollowTheLongestPath() throws {
        let graph = DAGGraph(try DAG("skip") { dag in
            let a = dag.task("a", EmptyOperator())
            let b = dag.task("b", EmptyOperator())
            let c = dag.task("c", EmptyOperator())
            a >> b
            b >> c
            a >> c
        })
        #expect(graph.layers == [["a"], ["b"], ["c"]])
    }

    @Test func text() throws {
        #expect(GraphFormat.text.render(DAGGraph(try diamond())) == """
            DAG diamond (4 tasks)
            layer 0
              a [EmptyOperator] >> b-1, c.2
            layer 1
              b-1 [EmptyOperator] >> d
              c.2 [EmptyOperator] >> d
            layer 2
              d [EmptyOperator]

            """)
    }

    @Test func dot() throws {
        let dot = GraphFormat.dot.render(DAGGraph(try diamond()))
        #expect(dot.hasPrefix("digraph \"diamond\" {\n  rankdir=LR;\n"))
        #expect(dot.contains("  \"b-1\" [label=\"b-1\\nEmptyOperator\"];\n"))
        #expect(dot.contains("  \"a\" -> \"c.2\";\n  \"b-1\" -> \"d\";\n  \"c.2\" -> \"d\";\n}\n"))
        #expect(GraphFormat.dotQuoted("say \"hi\" \\ now") == "\"say \\\"hi\\\" \\\\ now\"")
    }

    @Test func mermaid() throws {
        #expect(GraphFormat.mermaid.render(DAGGraph(try diamond())) == """
            flowchart LR
              t0["a<br/><small>EmptyOperator</small>"]
              t1["b-1<br/><small>EmptyOperator</small>"]
              t2["c.2<br/><small>EmptyOperator</small>"]
              t3["d<br/><small>EmptyOperator</small>"]
              t0 --> t1
              t0 --> t2
              t1 --> t3
              t2 --> t3

            """)
        #expect(GraphFormat.mermaidLabel("Op<\"T\">&") == "Op#lt;#quot;T#quot;#gt;#amp;")
    }

    @Test func listingShowsEffectiveOptions() throws {
        let dag = try DAG("opts", defaultArgs: TaskOptions(owner: "ops", retries: 3)) { dag in
            let a = dag.task("a", EmptyOperator(), options: TaskOptions(retryDelay: .seconds(90),
                                                                          executionTimeout: .seconds(30), pool: "k8s"))
            let b = dag.task("b", EmptyOperator(), options: TaskOptions(retries: 0, triggerRule: .allDone))
            a >> b
        }
        let lines = DAGListing.render(dag).split(separator: "\n").map(String.init)
        #expect(lines[0] == "DAG opts")
        #expect(lines[2].hasPrefix("  TASK  OPERATOR       RETRIES  RETRY DELAY  TRIGGER RULE"))
        #expect(lines[3].split(separator: " ", omittingEmptySubsequences: true)
            == ["a", "EmptyOperator", "3", "1m", "30s", "all_success", "k8s", "1", "30.0s", "ops", "-"])
        #expect(lines[4].contains("all_done") && lines[4].hasSuffix("a"))
    }
}
