/// A point on the map (WGS-84 degrees).
public struct Coordinates: Hashable, Codable, Sendable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Great-circle distance in metres (haversine), good to well under a metre at city scale.
    public func distance(to other: Coordinates) -> Double {
        let radius = 6_371_000.0
        let dLat = (other.latitude - latitude) * .pi / 180
        let dLon = (other.longitude - longitude) * .pi / 180
        let a = sin(dLat / 2) * sin(dLat / 2)
            + cos(latitude * .pi / 180) * cos(other.latitude * .pi / 180) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * radius * asin(min(1, a.squareRoot()))
    }
}

/// A postal address with its map position, when known.
public struct Address: Hashable, Codable, Sendable {
    public var text: String
    public var latitude: Double?
    public var longitude: Double?

    public init(text: String, location: Coordinates? = nil) {
        self.text = text
        latitude = location?.latitude
        longitude = location?.longitude
    }

    /// The longest address text, in characters.
    public static let textMax = 200

    public var location: Coordinates? {
        guard let latitude, let longitude else { return nil }
        return Coordinates(latitude: latitude, longitude: longitude)
    }
}

extension Validator {
    public mutating func coordinates(latitude: Double?, longitude: Double?, _ field: String) -> Coordinates? {
        switch (latitude, longitude) {
        case (nil, nil):
            return nil
        case let (lat?, lon?):
            guard (-90...90).contains(lat), (-180...180).contains(lon) else {
                fail(field, en: "\(field) must have latitude in -90…90 and longitude in -180…180", zh: "\(field) 经纬度超出范围")
                return nil
            }
            return Coordinates(latitude: lat, longitude: lon)
        default:
            fail(field, en: "\(field) needs both latitude and longitude", zh: "\(field) 需同时提供经度和纬度")
            return nil
        }
    }
}

import Foundation
