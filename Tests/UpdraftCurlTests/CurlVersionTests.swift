import Testing
import UpdraftCurl

@Test func reportsLinkedLibcurl() {
    #expect(CurlVersion.description.hasPrefix("libcurl/"))
}
