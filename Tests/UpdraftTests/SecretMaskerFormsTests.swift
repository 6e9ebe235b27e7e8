import Foundation
import Testing
import Updraft

/// The masker finds secrets whatever follows them and in the forms they take once encoded.
@Suite struct SecretMaskerFormsTests {
    @Test(arguments: ["\u{301}", "\u{20DD}", "\u{FE0F}", "\u{200D}👍"])
    func aCombiningMarkAfterASecretDoesNotHideIt(mark: String) {
        let masker = SecretMasker()
        masker.register("t0k3n-value")
        let masked = masker.mask("token=t0k3n-value\(mark) done")
        #expect(masked == "token=***\(mark) done")
    }

    @Test func aSecretEndingInACombiningMarkIsFoundBeforeAnother() {
        let masker = SecretMasker()
        masker.register("secre\u{301}t")
        #expect(masker.mask("x=secre\u{301}t\u{301}") == "x=***\u{301}")
    }

    @Test func percentEncodedFormsWithLowerCaseHexAreMasked() {
        let masker = SecretMasker()
        masker.register("p@ss/word")
        #expect(masker.mask("a=p%40ss%2fword b=p%40ss%2Fword") == "a=*** b=***")
    }

    @Test func theJSONEscapedFormIsMasked() {
        let masker = SecretMasker()
        masker.register(#"pa"ss\wd/1"#)
        #expect(masker.mask(#"{"password":"pa\"ss\\wd\/1"}"#) == #"{"password":"***"}"#)
    }

    @Test func basicCredentialsAreMaskedInBase64() {
        let masker = SecretMasker()
        masker.registerBasicCredentials(username: "svc", password: "hunter22")
        let header = "Authorization: Basic " + Data("svc:hunter22".utf8).base64EncodedString()
        #expect(masker.mask(header) == "Authorization: Basic ***")
    }

    @Test func aConnectionRegistersItsBasicCredentials() {
        let masker = SecretMasker()
        masker.register(GenericConnection(connID: "c", login: "svc", password: "hunter22"))
        #expect(masker.mask(Data("svc:hunter22".utf8).base64EncodedString()) == "***")
    }

    @Test func aSecretFormedAnewAroundTheMaskIsMaskedToo() {
        let masker = SecretMasker(minimumLength: 3)
        masker.register("ab***cd")
        masker.register("zzz")
        #expect(masker.mask("abzzzcd") == "***")
    }

    @Test func overlappingSecretsLeaveNeitherWhole() {
        let masker = SecretMasker(minimumLength: 4)
        masker.register("abcd")
        masker.register("cdef")
        let masked = masker.mask("xabcdefx")
        #expect(!masked.contains("abcd") && !masked.contains("cdef"))
    }

    @Test func theMinimumLengthCountsScalars() {
        let masker = SecretMasker(minimumLength: 5)
        masker.register("e\u{301}e\u{301}e")
        #expect(masker.mask("e\u{301}e\u{301}e") == "***")
    }
}
