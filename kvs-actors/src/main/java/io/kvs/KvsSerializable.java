package io.kvs;

/**
 * Marker for every message that crosses the network. It is bound to Akka's Jackson JSON
 * serializer in the service's configuration; nothing else may be sent between ranks.
 */
public interface KvsSerializable {}
