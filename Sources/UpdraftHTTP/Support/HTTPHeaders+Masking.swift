public import Updraft
public import UpdraftCurl

extension HTTPHeaders {
    /// These headers as they may be shown: the value of a credential header (`Authorization`, `X-API-Key`,
    /// `Cookie`, …) replaced by `***` after its scheme (`Bearer ***`), and every secret `masker` knows masked in
    /// the others.
    public func masked(by masker: SecretMasker) -> HTTPHeaders {
        HTTPHeaders(map { field in
            guard HTTPHeaderMasking.isSensitive(field.name) else {
                return Field(name: field.name, value: masker.mask(field.value))
            }
            let words = field.value.split(separator: " ", maxSplits: 1)
            let value = words.count == 2 && !words[0].contains("=") ? "\(words[0]) ***" : "***"
            return Field(name: field.name, value: value)
        })
    }
}
