import Foundation
@_spi(Fuzzing) import UpdraftWeb

/// The web pages' posted forms (`application/x-www-form-urlencoded`, from any browser). Input: a field name, then
/// its value on the next line, then a raw form body. The raw body reads without a crash; the name and value,
/// percent-encoded as a browser posts them between two other fields, read back unchanged.
enum PageFormFuzzing {
    static func form(_ input: FuzzInput) {
        let fields = input.fields(3)
        _ = PageForm(text: fields[2])
        let (name, value) = (fields[0], fields[1])
        guard name != "csrf", name != "next" else { return }
        let body = "csrf=token&\(encoded(name))=\(encoded(value))&next=%2Fdags"
        let form = PageForm(text: body)
        require(form.values[name] == value, "\(name.debugDescription)=\(value.debugDescription) read back as "
                + "\(form.values[name]?.debugDescription ?? "nothing") from \(body)")
        require(form.values["csrf"] == "token" && form.values["next"] == "/dags", "the neighbours of \(body)")
    }

    /// As a browser encodes a form field: every byte but letters and digits percent-encoded.
    private static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
