import Foundation
import Testing
import UpdraftDrawing
@testable import UpdraftWeb

/// Escaping and URL segments work on UTF-8 bytes, as a browser reads them.
@Suite struct PageTextTests {
    @Test func aQuoteOrBracketFollowedByACombiningMarkIsStillEscaped() {
        // `"` + U+0301 is one Character, unequal to `"`: escaping by Character left the quote that ends an attribute.
        #expect(HTMLText.escape("x\"\u{301} onmouseover=alert(1)") == "x&quot;\u{301} onmouseover=alert(1)")
        #expect(HTMLText.escape("<\u{338}script>") == "&lt;\u{338}script&gt;")
        #expect(HTMLText.escape("a & b 'c'") == "a &amp; b &#39;c&#39;")
        #expect(HTMLText.escape("talend_job_0042 · 2026-01-01T00:00:00Z") == "talend_job_0042 · 2026-01-01T00:00:00Z")
    }

    @Test func idsBecomeOnePathSegmentAndDecodeBack() {
        let runID = "manual__2026-01-01T00:00:00+00:00"
        #expect(PageText.segment(runID) == "manual__2026-01-01T00%3A00%3A00%2B00%3A00")
        #expect(PageText.segment("é/ x?#") == "%C3%A9%2F%20x%3F%23")
        #expect(PageText.segment("plain-id_1.2~") == "plain-id_1.2~")
        for id in [runID, "é/ x?#", "\"\u{301}<>&", "日本語"] {
            #expect(PageText.segment(id).removingPercentEncoding == id)
        }
    }
}
