package io.kvs.txn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObj.Val;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpTest {
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void factoriesBuildTheOpsOfTheClientLibrary() {
    assertThat(Op.put("a", Val.utf8("1"))).isEqualTo(new Op("a", 0, Val.utf8("1")));
    assertThat(Op.unlink("a").dirent()).isNull();
    assertThat(Op.append("a", Val.utf8("1")).flags()).isEqualTo(OpFlags.APPEND);
    assertThat(Op.mkdir("a").dirent()).isEqualTo(TreeObj.Dir.EMPTY);
    assertThat(Op.symlink("a", "job-1", ".").dirent())
        .isEqualTo(new TreeObj.Symlink(".", "job-1"));
  }

  @Test
  void opsSurviveAJsonRoundTripAsKeyFlagsAndDirent() throws Exception {
    List<Op> ops = List.of(Op.put("a", Val.utf8("1")), Op.unlink("b"),
        Op.append("c", Val.utf8("x")), Op.symlink("d", null, "e"), Op.mkdir("f"));
    for (Op op : ops) {
      String json = mapper.writeValueAsString(op);
      JsonNode tree = mapper.readTree(json);
      assertThat(tree.fieldNames()).toIterable().containsExactlyInAnyOrder("key", "flags", "dirent");
      assertThat(mapper.readValue(json, Op.class)).isEqualTo(op);
    }
  }

  @Test
  void anUnlinkTravelsWithANullDirent() throws Exception {
    assertThat(mapper.writeValueAsString(Op.unlink("b")))
        .isEqualTo("{\"key\":\"b\",\"flags\":0,\"dirent\":null}");
  }
}
