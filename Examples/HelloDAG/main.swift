import Updraft

print(try JSONValue(encoding: ["hello": "updraft"]))
