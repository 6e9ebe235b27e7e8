import Testing
import Updraft

@Suite struct TaskOptionsOrderTests {
    @Test func optionsSetInAnyOrderEqualThoseGivenInDeclarationOrder() {
        let ordered = TaskOptions(owner: "airflow", emailOnFailure: false, retries: 1, retryDelay: .minutes(5),
                                  dependsOnPast: false)
        let anyOrder = TaskOptions { options in
            options.dependsOnPast = false
            options.retryDelay = .minutes(5)
            options.retries = 1
            options.emailOnFailure = false
            options.owner = "airflow"
        }
        #expect(anyOrder.owner == ordered.owner && anyOrder.retries == ordered.retries)
        #expect(anyOrder.retryDelay == ordered.retryDelay && anyOrder.emailOnFailure == ordered.emailOnFailure)
        #expect(anyOrder.dependsOnPast == ordered.dependsOnPast)
        #expect(anyOrder.pool == nil && anyOrder.executionTimeout == nil, "what the closure leaves alone is inherited")
    }
}
