// `import UpdraftEmail` brings the core and the transport whose `CurlError` an SMTP refusal throws.
@_exported import Updraft
@_exported import UpdraftCurl
