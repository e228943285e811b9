import Foundation
import LearningCentreCore

/// Who may call a route. Kiosk routes need no login but only answer to kiosk addresses.
public enum Access: String, Sendable {
    case anyone, kiosk, staff, manager
}

/// What the OpenAPI document says about a route.
public struct RouteDoc: Sendable {
    public var summary: String
    public var query: [String] = []
    /// Component schema name of the JSON body, or "text/csv" for a CSV body.
    public var request: String? = nil
    /// Component schema name of the success answer.
    public var response: String? = nil
    public var status: Int = 200
    /// Other success statuses with the same answer (a repeated check-in: 200 instead of 201).
    public var alsoStatus: [Int] = []
    /// Component schema of a 202 answer of its own: a long job still at work.
    public var accepted: String? = nil

    public init(_ summary: String, query: [String] = [], request: String? = nil, response: String? = nil, status: Int = 200,
                alsoStatus: [Int] = [], accepted: String? = nil) {
        self.summary = summary
        self.query = query
        self.request = request
        self.response = response
        self.status = status
        self.alsoStatus = alsoStatus
        self.accepted = accepted
    }
}

/// What a handler gets: the request, the path parameters and the logged-in user if any.
public struct RequestContext: Sendable {
    public var request: HTTPRequest
    public var params: [String: String]
    public var user: AuthenticatedUser?
    /// The table the request was routed by (the OpenAPI document is built from it).
    public var routes: [Route] = []

    public func param(_ name: String) -> String { params[name] ?? "" }

    /// The logged-in user; routes behind `.staff` or `.manager` always have one.
    public var actor: AuthenticatedUser {
        user ?? AuthenticatedUser(id: "", username: "?", role: .staff, csrfToken: "")
    }
}

public typealias RouteHandler = @Sendable (RequestContext) throws -> HTTPResponse

public struct Route: Sendable {
    public let method: String
    public let pattern: String
    public let access: Access
    public let doc: RouteDoc
    /// A read that may score a whole year (seconds on a small box): answered on a worker, never
    /// on a polling thread, whose other connections (a kiosk's) would wait behind it.
    public let scoresYear: Bool
    let segments: [Segment]
    let handler: RouteHandler

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }
}

/// Routes by method and path pattern ("/api/learners/{id}"). Matching is literal first,
/// segment by segment; parameters are percent-decoded.
public struct Router: Sendable {
    public private(set) var routes: [Route] = []
    /// The routes' indices by their number of segments: a request is matched against those only.
    private var byLength: [Int: [Int]] = [:]

    public init() {}

    public mutating func add(_ method: String, _ pattern: String, _ access: Access, _ doc: RouteDoc, scoresYear: Bool = false,
                             _ handler: @escaping RouteHandler) {
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map { part -> Route.Segment in
            if part.hasPrefix("{") && part.hasSuffix("}") { return .parameter(String(part.dropFirst().dropLast())) }
            return .literal(String(part))
        }
        precondition(!routes.contains { $0.method == method && $0.segments == segments }, "route \(method) \(pattern) twice")
        byLength[segments.count, default: []].append(routes.count)
        routes.append(Route(method: method, pattern: pattern, access: access, doc: doc, scoresYear: scoresYear, segments: segments,
                            handler: handler))
    }

    public enum Match {
        case found(Route, [String: String])
        case methodNotAllowed([String])
        case notFound
    }

    /// Every request is matched once for its body's policy and once to be answered: the routes
    /// are visited by index (a `Route` copied per candidate was 4% of a registration's time), and
    /// the parameters are read only from the route that wins.
    public func match(method: String, path: String) -> Match {
        guard let parts = Router.splitPath(path) else { return .notFound }
        let effective = method == "HEAD" ? "GET" : method
        var allowed: [String] = []
        var best: (index: Int, literals: Int)? = nil
        for index in byLength[parts.count] ?? [] {
            var literals = 0
            var ok = true
            for (segment, part) in zip(routes[index].segments, parts) {
                if case .literal(let text) = segment {
                    guard text == part else { ok = false; break }
                    literals += 1
                }
            }
            guard ok else { continue }
            if routes[index].method == effective {
                if best == nil || literals > best!.literals { best = (index, literals) }
            } else {
                allowed.append(routes[index].method)
            }
        }
        if let best {
            let route = routes[best.index]
            var params: [String: String] = [:]
            for (segment, part) in zip(route.segments, parts) {
                if case .parameter(let name) = segment { params[name] = part }
            }
            return .found(route, params)
        }
        if !allowed.isEmpty { return .methodNotAllowed(Array(Set(allowed)).sorted()) }
        return .notFound
    }

    /// Splits and percent-decodes a path; nil when a segment does not decode or holds a slash.
    static func splitPath(_ path: String) -> [String]? {
        var result: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: true) {
            // Most segments have nothing encoded: skip Foundation's decoder for them.
            guard raw.utf8.contains(UInt8(ascii: "%")) else { result.append(String(raw)); continue }
            guard let decoded = String(raw).removingPercentEncoding, !decoded.contains("/"),
                  !decoded.contains("\0") else { return nil }
            result.append(decoded)
        }
        return result
    }
}
