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

        // MARK: Imaging: image and label types, PNG/TIFF codecs, morphology, thresholds, KDE maps.
        .target(name: "Imaging", dependencies: ["CPNG", "CTIFF"], swiftSettings: strictSettings),
        .testTarget(
            name: "ImagingTests",
            dependencies: ["Imaging"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),

        // MARK: Evaluation: confusion counts, Dice, IoU, mIoU, accuracy, ROC AUC, threshold search.
        .target(name: "Evaluation", swiftSettings: strictSettings),
        .testTarget(
            name: "EvaluationTests",
            dependencies: ["Evaluation"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
    ]
)
