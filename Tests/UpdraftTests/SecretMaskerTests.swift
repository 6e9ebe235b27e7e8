import Testing
import Updraft

@Suite struct SecretMaskerTests {
    @Test func masksSecretsAndTheirEncodedForms() {
        let masker = SecretMasker()
        masker.register("p@ss word/1")
        #expect(masker.mask("pw=p@ss word/1") == "pw=***")
        #expect(masker.mask("url=http://u:p%40ss%20word%2F1@h") == "url=http://u:***@h")
        #expect(masker.mask("form=p%40ss+word%2F1") == "form=***")
    }

    @Test func shortSecretsAreNotMasked() {
        let masker = SecretMasker()
        masker.register("abc")
        #expect(masker.mask("abcdef") == "abcdef")
    }

    @Test func sensitiveExtrasFollowAirflowsWordList() {
        #expect(SensitiveNames.isSensitive("Authorization"))
        #expect(SensitiveNames.isSensitive("X-API-Key"))
        #expect(SensitiveNames.isSensitive("client_secret"))
        #expect(!SensitiveNames.isSensitive("timeout"))
        let masker = SecretMasker()
        masker.register(GenericConnection(connID: "c", password: "hunter22", extra: ["token": "t0k3n-value", "region": "eu-west"]))
        #expect(masker.mask("hunter22 t0k3n-value eu-west") == "*** *** eu-west")
    }
}
