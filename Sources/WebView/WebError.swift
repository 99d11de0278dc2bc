/// Why a request cannot be answered: what the client asked for does not exist (404), is not a
/// valid request (400), or the server failed (500).
public enum WebError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    case badRequest(String)
    case server(String)

    public var description: String {
        switch self {
        case .notFound(let message), .badRequest(let message), .server(let message): message
        }
    }
}
