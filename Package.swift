// swift-tools-version:6.2
// msdb: a reproducibility database and experiment engine for noisy-label segmentation research.
//
// Layers (dependencies point down only; the Architecture article of the msdb documentation catalog,
// Sources/msdb/msdb.docc, draws the same graph):
//   msdb (CLI) → Reproduction → Jobs, Reports
//   Jobs → Runs, NeuralNets, Datasets, LabelNoise, Imaging, Evaluation
//   Runs → ArtifactStore, CanonicalJSON, NumericCore (the BLAS thread count it records)
//   NeuralNets → NumericCore → RandomStreams;  Datasets, LabelNoise → Imaging, RandomStreams
//   ArtifactStore → CanonicalJSON;  Reports → Imaging, CanonicalJSON
//   msdb-serve (the web view's executable) → WebView → Reproduction, Jobs, Reports + Hummingbird
// The web view is a product of its own, so building `msdb` never compiles Hummingbird and SwiftNIO;
// `msdb serve` runs the `msdb-serve` binary beside it.
// Each C library enters through one `.systemLibrary` target and is imported by exactly one module.
import PackageDescription

/// Settings every msdb module shares: Swift 6 mode plus the upcoming features that keep imports
/// and existentials explicit.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "msdb",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "msdb", targets: ["msdb"]),
        .executable(name: "msdb-serve", targets: ["ServeTool"]),
        .library(name: "ArtifactStore", targets: ["ArtifactStore"]),
        .library(name: "CanonicalJSON", targets: ["CanonicalJSON"]),
        .library(name: "Runs", targets: ["Runs"]),
        .library(name: "Jobs", targets: ["Jobs"]),
        .library(name: "Reproduction", targets: ["Reproduction"]),
        .library(name: "RandomStreams", targets: ["RandomStreams"]),
        .library(name: "NumericCore", targets: ["NumericCore"]),
        .library(name: "NeuralNets", targets: ["NeuralNets"]),
        .library(name: "Imaging", targets: ["Imaging"]),
        .library(name: "Evaluation", targets: ["Evaluation"]),
        .library(name: "ChildProcesses", targets: ["ChildProcesses"]),
        .library(name: "LabelNoise", targets: ["LabelNoise"]),
        .library(name: "Datasets", targets: ["Datasets"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "WebView", targets: ["WebView"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // MARK: C libraries, one system-library module each.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CBLAS", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CPNG", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CTIFF", providers: [.apt(["libtiff-dev"])]),
        .systemLibrary(name: "CJPEG", providers: [.apt(["libjpeg62-turbo-dev"])]),
        .systemLibrary(name: "CMalloc"),
        .systemLibrary(name: "CStatfs"),

        // MARK: Library modules, by layer.
        .target(name: "RandomStreams", swiftSettings: strictSettings),
        .target(
            name: "NumericCore", dependencies: ["CBLAS", "RandomStreams"], swiftSettings: strictSettings),
        .target(
            name: "NeuralNets", dependencies: ["NumericCore", "RandomStreams"], swiftSettings: strictSettings),
        .target(name: "Imaging", dependencies: ["CPNG", "CTIFF", "CJPEG"], swiftSettings: strictSettings),
        .target(name: "Evaluation", swiftSettings: strictSettings),
        .target(name: "ChildProcesses", swiftSettings: strictSettings),
        .target(
            name: "LabelNoise", dependencies: ["Imaging", "RandomStreams"], swiftSettings: strictSettings),
        .target(
            name: "Datasets",
            dependencies: ["Imaging", "Evaluation", "RandomStreams"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CanonicalJSON",
            swiftSettings: strictSettings
        ),
        .target(
            name: "ArtifactStore",
            dependencies: [
                "CanonicalJSON",
                "ChildProcesses",
                "CZlib",
                .product(name: "GRDB", package: "GRDB.swift"),
                "COpenSSL",
                "CStatfs",
            ],
            swiftSettings: strictSettings,
            plugins: ["EmbedSchema"]
        ),
        .target(
            name: "Reports",
            dependencies: ["Imaging", "CanonicalJSON"],
            swiftSettings: strictSettings
        ),

        .target(
            name: "Runs",
            dependencies: ["ArtifactStore", "CanonicalJSON", "NumericCore", "RandomStreams"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Jobs",
            dependencies: [
                "Runs", "ArtifactStore", "CanonicalJSON", "NumericCore", "NeuralNets", "Datasets", "Imaging",
                "Evaluation", "LabelNoise", "RandomStreams",
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Reproduction",
            dependencies: [
                "Jobs", "Runs", "Reports", "ArtifactStore", "CanonicalJSON", "Datasets", "Imaging",
                "LabelNoise",
                "RandomStreams",
            ],
            swiftSettings: strictSettings
        ),

        // MARK: The web view (`msdb serve`): its own module and executable, read-only on the store.
        .target(
            name: "WebView",
            dependencies: [
                "ArtifactStore", "CanonicalJSON", "Imaging", "Jobs", "Reports", "Reproduction", "Runs",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "ServeTool",
            dependencies: [
                "WebView",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Build tooling: schema/*.sql is the single source of the migrations; this plugin
        // compiles it into the ArtifactStore module so the binary needs no resource bundle.
        .executableTarget(
            name: "SchemaEmbedder",
            path: "Sources/SchemaEmbedder",
            swiftSettings: strictSettings
        ),
        .plugin(
            name: "EmbedSchema",
            capability: .buildTool(),
            dependencies: ["SchemaEmbedder"],
            path: "Sources/EmbedSchemaPlugin"
        ),

        // MARK: The command-line tool.
        .executableTarget(
            name: "msdb",
            dependencies: [
                "ArtifactStore",
                "CanonicalJSON",
                "Runs", "Jobs", "Reproduction",
                "Evaluation",
                "Datasets",
                "Imaging",
                "LabelNoise",
                "NeuralNets",
                "NumericCore", "RandomStreams", "Reports", "ChildProcesses",
                .target(name: "CMalloc", condition: .when(platforms: [.linux])),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Tests.
        .target(
            name: "TestSupport",
            dependencies: [
                "ArtifactStore", "ChildProcesses", "Imaging", "NumericCore", "RandomStreams",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RandomStreamsTests",
            dependencies: ["RandomStreams"],
            exclude: ["Fixtures/random_stream_golden.py"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ChildProcessesTests",
            dependencies: ["ChildProcesses"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "NumericCoreTests",
            dependencies: ["NumericCore", "RandomStreams"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "NeuralNetsTests",
            dependencies: ["NeuralNets", "NumericCore", "RandomStreams"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ImagingTests",
            dependencies: ["Imaging", "NumericCore", "RandomStreams", "TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EvaluationTests",
            dependencies: ["Evaluation"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LabelNoiseTests",
            dependencies: ["LabelNoise", "Imaging", "RandomStreams"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CanonicalJSONTests",
            dependencies: ["CanonicalJSON", "RandomStreams", "TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ArtifactStoreTests",
            dependencies: ["ArtifactStore", "RandomStreams", "TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DatasetsTests",
            dependencies: ["Datasets", "Imaging", "NumericCore", "TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RunsTests",
            dependencies: [
                "Runs", "ArtifactStore", "CanonicalJSON", "ChildProcesses", "NumericCore", "RandomStreams",
                "TestSupport",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "JobsTests",
            dependencies: [
                "Runs", "Jobs", "ArtifactStore", "CanonicalJSON", "Datasets", "Imaging", "LabelNoise",
                "NeuralNets",
                "NumericCore", "RandomStreams",
                "TestSupport",
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ReproductionTests",
            dependencies: ["Reproduction", "Jobs", "Runs", "ArtifactStore", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports", "Imaging"],
            exclude: ["Snapshots", "Scripts"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WebViewTests",
            dependencies: [
                "WebView", "ArtifactStore", "CanonicalJSON", "ChildProcesses", "Imaging", "TestSupport",
                "ServeTool",
                "msdb",
            ],
            exclude: ["Browser"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "TestSupport", "ArtifactStore", "CanonicalJSON", "ChildProcesses", "Evaluation", "Imaging",
                "RandomStreams", "Reproduction", "msdb",
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
    ]
)
