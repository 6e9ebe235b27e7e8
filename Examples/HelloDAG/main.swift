import Updraft

print(try XComValue(encoding: ["hello": "updraft"]))
