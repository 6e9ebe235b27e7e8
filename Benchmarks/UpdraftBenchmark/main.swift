import Updraft

print("benchmarks arrive with the engine")
