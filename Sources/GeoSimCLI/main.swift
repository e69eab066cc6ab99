import GeoSim
print("geosim")
