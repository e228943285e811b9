import Foundation
import LearningCentreCore
import Glibc

/// Serves regular files under one folder. Refuses "..", "." and encoded dots or slashes,
/// backslashes, NUL, and anything (a symlink included) whose real path leaves the folder.
public struct StaticFiles: Sendable {
    public let root: String

    public init(root: String) {
        self.root = StaticFiles.realPath(root) ?? root
    }

    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "json": "application/json; charset=utf-8", "svg": "image/svg+xml", "png": "image/png",
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "ico": "image/x-icon", "woff2": "font/woff2",
        "woff": "font/woff", "ttf": "font/ttf", "txt": "text/plain; charset=utf-8", "webmanifest": "application/manifest+json",
    ]

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            var response = HTTPError(405, "method_not_allowed", "Trang này chỉ để xem (GET).").response
            response.setHeader("Allow", "GET, HEAD")
            return response
        }
        guard let relative = StaticFiles.safeRelativePath(request.rawPath) else {
            return HTTPError(400, "bad_path", "Đường dẫn không hợp lệ.").response
        }
        var target = relative.isEmpty ? root : root + "/" + relative
        var info = stat()
        guard let real = StaticFiles.realPath(target), real == root || real.hasPrefix(root + "/"), stat(real, &info) == 0 else {
            return HTTPError.notFound("trang này").response
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            // "/manage" → "/manage/" so that relative links in the page resolve; built from the
            // checked relative path, so "//evil.example" can never become a link to another host.
            if !request.rawPath.hasSuffix("/") {
                var response = HTTPResponse(status: 301)
                response.setHeader("Location", "/" + (relative.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "") + "/")
                return response
            }
            target = real + "/index.html"
            guard let index = StaticFiles.realPath(target), index.hasPrefix(root + "/"), stat(index, &info) == 0 else {
                return HTTPError.notFound("trang này").response
            }
            target = index
        } else {
            target = real
        }
        guard (info.st_mode & S_IFMT) == S_IFREG, let data = FileManager.default.contents(atPath: target) else {
            return HTTPError.notFound("trang này").response
        }
        let etag = "\"\(info.st_size)-\(info.st_mtim.tv_sec)-\(info.st_mtim.tv_nsec / 1_000_000)\""
        let ext = (target as NSString).pathExtension.lowercased()
        var headers: [(String, String)] = [("ETag", etag), ("Cache-Control", "no-cache")]
        if request.header("if-none-match")?.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) == true {
            return HTTPResponse(status: 304, headers: headers)
        }
        headers.append(("Content-Type", StaticFiles.contentTypes[ext] ?? "application/octet-stream"))
        return HTTPResponse(status: 200, headers: headers, body: [UInt8](data))
    }

    /// The path below the root, decoded, or nil when it tries to leave the root or hides a slash.
    static func safeRelativePath(_ rawPath: String) -> String? {
        var parts: [String] = []
        for raw in rawPath.split(separator: "/", omittingEmptySubsequences: true) {
            let lower = raw.lowercased()
            if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") { return nil }
            guard let decoded = String(raw).removingPercentEncoding else { return nil }
            if decoded == ".." || decoded == "." || decoded.contains("\\") || decoded.contains("\0") || decoded.hasPrefix(".") {
                return nil
            }
            parts.append(decoded)
        }
        if !rawPath.hasPrefix("/") { return nil }
        return parts.joined(separator: "/")
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = Glibc.realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
