// swift-tools-version:6.1
// msdb: a reproducibility database and experiment engine for noisy-label segmentation research.
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
    products: [],
    dependencies: [],
    targets: [
        // MARK: C libraries, one system-library module each, each imported by one module only.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CBLAS", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CPNG", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CTIFF", providers: [.apt(["libtiff-dev"])]),

        // MARK: Numeric core: tensors, GEMM, convolution kernels, seeded random streams.
        .target(name: "NumericCore", dependencies: ["CBLAS"], swiftSettings: strictSettings),
        .testTarget(
            name: "NumericCoreTests", dependencies: ["NumericCore"],
            exclude: ["Fixtures/random_stream_golden.py"], swiftSettings: strictSettings),

        // MARK: Neural nets: reverse-mode autograd on a tape, layers, losses, optimizers.
        .target(name: "NeuralNets", dependencies: ["NumericCore"], swiftSettings: strictSettings),
        .testTarget(
            name: "NeuralNetsTests", dependencies: ["NeuralNets", "NumericCore"], swiftSettings: strictSettings),
    ]
)
