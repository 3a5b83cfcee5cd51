package io.kvs.namespace;

import io.kvs.KvsSerializable;
import io.kvs.treeobj.TreeObj;

/** The reply to a lookup: the value, directory, symlink or tree object found. */
public record LookupResult(TreeObj val) implements KvsSerializable {}
