import ShardRouter

print("citus-sim \(citusVersion)")
