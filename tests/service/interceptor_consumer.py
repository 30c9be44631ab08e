#!/usr/bin/env python3
"""A confluent-kafka (python3-confluent-kafka) consumer with leakhound's interceptor loaded:
reads TOPIC from the beginning to its end in group GROUP and prints how many records it got.

  interceptor_consumer.py BOOTSTRAP PLUGIN TOPIC GROUP [leakhound.name=value ...]

The leakhound.* properties go into the consumer's own configuration, after
plugin.library.paths, as a user would write them.
"""
import sys

from confluent_kafka import Consumer, KafkaException

bootstrap, plugin, topic, group, *extra = sys.argv[1:]
config = {"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
          "enable.partition.eof": True, "plugin.library.paths": plugin}
for item in extra:
    name, _, value = item.partition("=")
    config[name] = value
try:
    consumer = Consumer(config)
except KafkaException as error:
    print(f"configuration refused: {error}", file=sys.stderr)
    sys.exit(2)
consumer.subscribe([topic])
records, at_end, idle = 0, set(), 0
while idle < 60:
    message = consumer.poll(1.0)
    if message is None:
        idle += 1
        continue
    if message.error():
        at_end.add(message.partition())
        if at_end >= {p.partition for p in consumer.assignment()}:
            break
        continue
    records += 1
consumer.close()  # destroys the client: the interceptor drains and flushes here
print(records)
