// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "learning-centre",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "learning-centre", targets: ["learning-centre"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // The C boundary: a module map and a header each, nothing else.
        .systemLibrary(
            name: "CMicroHTTPD",
            pkgConfig: "libmicrohttpd",
            providers: [.apt(["libmicrohttpd-dev"])]
        ),
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        .systemLibrary(
            name: "CQREncode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]
        ),
        .systemLibrary(
            name: "CPostgres",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CXLSXWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // The core: the domain, the store, scoring, reports, export and the association. It knows
        // no HTTP (it cannot import the target below): it throws DomainError, reads Fields.
        .target(
            name: "LearningCentreCore",
            dependencies: [
                "CSodium",
                "CQREncode",
                "CXLSXWriter",
                "CArchive",
                "CPostgres",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The doors: the HTTP server and its routes, and the command line.
        .target(
            name: "LearningCentre",
            dependencies: [
                "LearningCentreCore",
                "CMicroHTTPD",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Thin: parses the command line and hands over.
        .executableTarget(
            name: "learning-centre",
            dependencies: ["LearningCentre"]
        ),
        // The benchmark's baseline: a bare libmicrohttpd handler that commits one row per request.
        .executableTarget(
            name: "lc-bare-commit",
            dependencies: ["CMicroHTTPD", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Benchmarks/BareCommit"
        ),
        .testTarget(
            name: "LearningCentreTests",
            dependencies: ["LearningCentre", "LearningCentreCore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
