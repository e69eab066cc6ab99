import Foundation
import Testing

@testable import GeoSim

/// The placement picture: projection, marks, round-trip labels, layout and XML.
@Suite struct PlacementSVGTests {
    /// The report of a short run of `words` (run flags).
    static func report(_ words: [String]) throws -> Report {
        CommandLineInterface.runReport(try RunOptions.parse(words + ["--duration", "1s", "--rate", "50"]))
    }

    static func map(_ words: [String]) throws -> PlacementMap { try #require(try report(words).placementMap) }

    /// The texts of the SVG, in document order.
    static func texts(_ svg: String) -> [String] { SVGLayout.elements(svg, tag: "text").map { SVGLayout.unescaped($0.content) } }

    /// Topologies over one country, two continents, the globe, and a crowded Europe.
    static let topologies: [[String]] = [
        ["--topology", "us-east,us-west,eu-central"],
        ["--topology", "topologies/five-region-global.json"],
        ["--catalog", "gcp", "--topology", "us-east,sa-east,eu-central,africa-south1,ap-south,ap-northeast,australia-southeast1"],
        ["--catalog", "gcp", "--topology", "europe-west2,europe-west3,europe-west9,europe-southwest1,europe-west8"],
        ["--catalog", "azure", "--topology", "eastus,westeurope,southeastasia,australiaeast,brazilsouth", "--replicas-per-region", "3"],
        ["--topology", "us-east,us-west,eu-central", "--replication", "primary-async"],
        ["--topology", "us-east,us-west,eu-central", "--replication", "leaderless"],
        ["--topology", "us-east,us-east-2,ca-central,us-west,us-west-1,eu-west,eu-central,ap-northeast,ap-southeast", "--ranges", "12"],
    ]

    @Test func theProjectionPutsLatitudeAndLongitudeZeroAtTheCentre() {
        let centre = PlacementSVG.project(latitude: 0, longitude: 0, width: 720, height: 360)
        #expect(centre.x == 360 && centre.y == 180)
        let corner = PlacementSVG.project(latitude: 90, longitude: -180, width: 720, height: 360)
        #expect(corner.x == 0 && corner.y == 0)
        let opposite = PlacementSVG.project(latitude: -90, longitude: 180, width: 720, height: 360)
        #expect(opposite.x == 720 && opposite.y == 360)
        // Cropped: the whole-world view maps the same way into the map area.
        let world = PlacementSVG.View(west: -180, east: 180, south: -90, north: 90)
        let point = world.point(latitude: 0, longitude: 0)
        #expect(point.x == PlacementSVG.width / 2 && point.y == PlacementSVG.mapTop + PlacementSVG.mapHeight / 2)
    }

    @Test func theViewHugsTheRegionsAndKeepsTheAspect() throws {
        let us = try Self.map(["--topology", "us-east,us-west"])
        let view = PlacementSVG.view(of: us.sites)
        #expect(abs((view.east - view.west) - 2 * (view.north - view.south)) < 1e-9)
        #expect(view.east - view.west < 180, "two US regions are not drawn on the whole world")
        for site in us.sites {
            let point = view.point(latitude: site.latitude, longitude: site.longitude)
            #expect(point.x > 0 && point.x < PlacementSVG.width)
            #expect(point.y > PlacementSVG.mapTop && point.y < PlacementSVG.mapTop + PlacementSVG.mapHeight)
        }
    }

    @Test(arguments: topologies)
    func everyRegionIsDrawnOnceWithItsRoles(words: [String]) throws {
        let map = try Self.map(words)
        let svg = PlacementSVG.render(map)
        #expect(ExportFixtures.xml(svg).ok, "not well-formed XML")
        #expect(svg == PlacementSVG.render(map), "the same map draws the same bytes")
        let texts = Self.texts(svg)
        for site in map.sites {
            #expect(texts.filter { $0 == site.name }.count == 1, "\(site.name) labelled once")
            let tooltip = "<title>" + SVGChart.escape(site.name + (site.city.isEmpty ? "" : " (" + site.city + ")")) + "</title>"
            #expect(svg.components(separatedBy: tooltip).count == 2, "\(site.name) marked once")
        }
        let roles = map.sites.flatMap { PlacementLabels.roles(map, $0) }
        for role in roles { #expect(texts.contains(role), "\(role)") }
        switch map.replication {
        case "raft":
            #expect(map.sites.map(\.leaseholders).reduce(0, +) == map.rangeCount)
            #expect(texts.contains { $0.hasPrefix("leaseholder") })
        case "leaderless":
            #expect(!svg.contains("class=\"chart-s1\""), "no leader ring")
        default:
            #expect(map.sites.filter(\.isPrimary).count == 1)
            #expect(texts.contains { $0.hasPrefix("primary") })
        }
        let clients = try #require(PlacementLabels.clients(map))
        #expect(texts.filter { $0 == clients }.count == map.sites.count, "every region's clients")
    }

    @Test(arguments: topologies)
    func noTwoLabelsOverlap(words: [String]) throws {
        let svg = PlacementSVG.render(try Self.map(words))
        let overlaps = SVGLayout(svg).overlaps
        #expect(overlaps.isEmpty, "\(overlaps.map { "\($0.0) × \($0.1)" })")
    }

    @Test func theRoundTripLabelsAreTheCatalogs() throws {
        let map = try Self.map(["--topology", "topologies/five-region-global.json"])
        let svg = PlacementSVG.render(map)
        let texts = Self.texts(svg).joined(separator: "\n")
        #expect(map.edges.count == 10, "five regions with replicas: every pair")
        for (i, j) in map.edges {
            let a = try #require(RegionCatalog.index(named: map.sites[i].name))
            let b = try #require(RegionCatalog.index(named: map.sites[j].name))
            let label = PlacementSVG.roundTripLabel(RegionCatalog.roundTrip(from: a, to: b))
            #expect(map.roundTrip(i, j) == RegionCatalog.roundTrip(from: a, to: b))
            // On its line, or listed under the map with its two regions.
            let listed = texts.contains("\(map.sites[i].name)–\(map.sites[j].name) \(label)")
            #expect(texts.contains(label) || listed, "\(map.sites[i].name)–\(map.sites[j].name)")
        }
        #expect(PlacementSVG.roundTripLabel(64_400_000) == "64 ms")
        #expect(PlacementSVG.roundTripLabel(7_640_000) == "7.6 ms")
    }

    @Test func learnersAndRangesAreCounted() throws {
        // Seven regions, region survival: five voters, the two farthest regions non-voting.
        let map = try Self.map(["--catalog", "gcp", "--topology", "us-east,sa-east,eu-central,africa-south1,ap-south,ap-northeast,australia-southeast1"])
        #expect(map.sites.map(\.voters).reduce(0, +) == 5)
        #expect(map.sites.map(\.nonVoters).reduce(0, +) == 2)
        let texts = Self.texts(PlacementSVG.render(map))
        #expect(texts.filter { $0 == "1 non-voting" }.count == 2)
        #expect(texts.contains("non-voting replicas only"), "the legend explains the ring")
        let many = try Self.map(["--topology", "us-east,us-west,eu-central", "--locality", "row", "--ranges", "6"])
        #expect(many.rangeCount == 6)
        let leases = Self.texts(PlacementSVG.render(many)).filter { $0.hasPrefix("leaseholder of ") }
        #expect(!leases.isEmpty && leases.allSatisfy { $0.hasSuffix("/6 ranges") }, "\(leases)")
    }

    @Test func theOutlineIsPairsOfDegrees() {
        for polygon in WorldOutline.land + WorldOutline.seas {
            #expect(polygon.count % 2 == 0 && polygon.count >= 6)
            for index in stride(from: 0, to: polygon.count, by: 2) {
                #expect(abs(polygon[index]) <= 180 && abs(polygon[index + 1]) <= 90)
            }
        }
        let points = (WorldOutline.land + WorldOutline.seas).map { $0.count / 2 }.reduce(0, +)
        #expect(points < 1000, "a coarse outline: \(points) points")
    }

    @Test func aRunExportAndItsPageCarryThePicture() throws {
        let report = try Self.report(["--topology", "us-east,us-west,eu-central"])
        let files = RunExport.files(report: report, version: "1")
        let picture = try #require(files.first { $0.path == "placement.svg" })
        #expect(picture.kind == "picture")
        let manifest = try #require(files.first { $0.path == "manifest.json" })
        #expect(manifest.contents.contains("\"path\": \"placement.svg\""))
        let html = HTMLReport.render(HTMLRunPage.page(report, bundle: RunExport.bundle(report: report, version: "1")))
        #expect(html.contains("<h2 id=\"section-placement\">Placement</h2>") || html.contains(">Placement</h2>"))
        #expect(html.contains("Placement: 3 regions, raft, 1 range"))
    }
}
