import Testing
@testable import UpdraftEmail

@Suite struct HTMLTextTests {
    @Test func plainAlternativeOfTypicalBodies() {
        #expect(HTMLText.plainText(fromHTML: "<p>Your containerized Talend jobs have completed successfully. <p>")
            == "Your containerized Talend jobs have completed successfully.")
        #expect(HTMLText.plainText(fromHTML: "Try 1 out of 2<br>Exception:<br>a &lt; b &amp;&amp; c<br/>Host: w1<br>")
            == "Try 1 out of 2\nException:\na < b && c\nHost: w1")
        #expect(HTMLText.plainText(fromHTML: "<ul><li>one</li><li>two &#233;&#x2713;</li></ul>")
            == "- one\n- two é✓")
        #expect(HTMLText.plainText(fromHTML: "<style>p { color: red }</style><h1>Title</h1>\n\n\n<p>body</p>")
            == "Title\nbody")
        #expect(HTMLText.plainText(fromHTML: "a & b; 3 < 4") == "a & b; 3 < 4")
    }
}
