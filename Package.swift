// swift-tools-version:6.0
import PackageDescription

// No third-party dependencies, by design: the standard library, Foundation and
// Swift Testing only.
let package = Package(
    name: "geosim",
    // UInt128 (the event queue's key comparison) needs macOS 15 on Apple platforms.
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "GeoSim", targets: ["GeoSim"]),
        .executable(name: "geosim", targets: ["GeoSimCLI"]),
        // A seeded mutation fuzzer of every parser that takes user input (scripts/fuzz.sh).
        .executable(name: "geosim-fuzz", targets: ["GeoSimFuzz"]),
    ],
    targets: [
        .target(
            name: "GeoSim",
            path: "Sources/GeoSim",
            exclude: ["Faults/README.md"],
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        // The executable's folder is not named `geosim`: next to `GeoSim` it would
        // collide on case-insensitive file systems (macOS).
        .executableTarget(name: "GeoSimCLI", dependencies: ["GeoSim"], path: "Sources/GeoSimCLI"),
        // The fuzzer's mutation engine and corpus handling, shared by the driver and the tests.
        .target(name: "GeoSimFuzzing", dependencies: ["GeoSim"], path: "Sources/GeoSimFuzzing"),
        .executableTarget(name: "GeoSimFuzz", dependencies: ["GeoSim", "GeoSimFuzzing"], path: "Sources/GeoSimFuzz"),
        .testTarget(name: "GeoSimTests", dependencies: ["GeoSim", "GeoSimFuzzing"], path: "Tests/GeoSimTests"),
    ]
)
