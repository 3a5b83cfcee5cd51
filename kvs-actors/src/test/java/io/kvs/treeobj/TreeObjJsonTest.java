package io.kvs.treeobj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tree objects inside messages, through a plain Jackson ObjectMapper. */
class TreeObjJsonTest {
  record Snapshot(String namespace, int seq, BlobRef rootref, TreeObj root) {}

  record Batch(List<TreeObj> objects) {}

  record Typed(TreeObj.Dir dir, TreeObj.Val val) {}

  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void aTreeobjInsideARecordComesBackEqual() throws Exception {
    Snapshot s = new Snapshot("job-42", 7, TreeObjCodecTest.EMPTY_DIR_SHA256, TreeObjCodecTest.DIR);

    String json = mapper.writeValueAsString(s);

    assertThat(mapper.readValue(json, Snapshot.class)).isEqualTo(s);
  }

  @Test
  void theMessageEmbedsTheCanonicalTreeobjJson() throws Exception {
    Snapshot s = new Snapshot("job-42", 7, TreeObjCodecTest.EMPTY_DIR_SHA256, TreeObjCodecTest.DIR);

    String json = mapper.writeValueAsString(s);

    assertThat(json).contains("\"root\":" + Golden.line("treeobj-dir.json"));
    assertThat(json).contains("\"rootref\":\"" + TreeObjCodecTest.EMPTY_DIR_SHA256 + "\"");
  }

  @Test
  void everyTreeobjTypeSurvivesARoundTripInAList() throws Exception {
    Batch b = new Batch(List.of(TreeObjCodecTest.VAL, TreeObj.Val.EMPTY, TreeObjCodecTest.VALREF,
        TreeObjCodecTest.DIRREF, TreeObjCodecTest.SYMLINK, TreeObjCodecTest.SYMLINK_NS,
        TreeObjCodecTest.DIR, TreeObj.Dir.EMPTY));

    String json = mapper.writeValueAsString(b);

    assertThat(mapper.readValue(json, Batch.class)).isEqualTo(b);
    assertThat(json).isEqualTo("{\"objects\":[" + Golden.line("treeobj-val.json") + ","
        + TreeObjCodec.encodeToString(TreeObj.Val.EMPTY) + "," + Golden.line("treeobj-valref.json")
        + "," + Golden.line("treeobj-dirref.json") + "," + Golden.line("treeobj-symlink.json") + ","
        + Golden.line("treeobj-symlink-ns.json") + "," + Golden.line("treeobj-dir.json") + ","
        + "{\"data\":{},\"type\":\"dir\",\"ver\":1}]}");
  }

  @Test
  void fieldsTypedAsAConcreteTreeobjAlsoTravelAsCanonicalJson() throws Exception {
    Typed t = new Typed((TreeObj.Dir) TreeObjCodecTest.DIR, TreeObj.Val.utf8("hello"));

    String json = mapper.writeValueAsString(t);

    assertThat(json).isEqualTo("{\"dir\":" + Golden.line("treeobj-dir.json") + ",\"val\":"
        + Golden.line("treeobj-val.json") + "}");
    assertThat(mapper.readValue(json, Typed.class)).isEqualTo(t);
  }

  @Test
  void aNullTreeobjFieldStaysNull() throws Exception {
    Snapshot s = new Snapshot("ns", 0, TreeObjCodecTest.EMPTY_DIR_SHA256, null);

    assertThat(mapper.readValue(mapper.writeValueAsString(s), Snapshot.class)).isEqualTo(s);
  }

  @Test
  void theRoundTripAlsoWorksWithTheParameterNamesModuleThatAkkaRegisters() throws Exception {
    ObjectMapper withModule = new ObjectMapper().registerModule(new ParameterNamesModule());
    Snapshot s = new Snapshot("job-1", 1, TreeObjCodecTest.EMPTY_DIR_SHA256, TreeObjCodecTest.DIR);

    assertThat(withModule.readValue(withModule.writeValueAsString(s), Snapshot.class)).isEqualTo(s);
  }

  @Test
  void anInvalidTreeobjInAMessageFailsDeserializationWithTheCodecReason() {
    String json = "{\"namespace\":\"ns\",\"seq\":1,\"rootref\":\""
        + TreeObjCodecTest.EMPTY_DIR_SHA256 + "\",\"root\":{\"data\":\"\",\"type\":\"val\",\"ver\":2}}";

    assertThatThrownBy(() -> mapper.readValue(json, Snapshot.class))
        .isInstanceOf(JsonMappingException.class)
        .hasMessageContaining("kvs: treeobj ver must be 1, not 2");
  }

  @Test
  void aTreeobjFieldThatIsNotAnObjectFailsDeserialization() {
    String json = "{\"namespace\":\"ns\",\"seq\":1,\"rootref\":\""
        + TreeObjCodecTest.EMPTY_DIR_SHA256 + "\",\"root\":\"dir\"}";

    assertThatThrownBy(() -> mapper.readValue(json, Snapshot.class))
        .isInstanceOf(JsonMappingException.class)
        .hasMessageContaining("kvs: treeobj must be a JSON object");
  }

  @Test
  void membersAfterATreeobjAreStillRead() throws Exception {
    String json = "{\"root\":" + Golden.line("treeobj-dir.json") + ",\"namespace\":\"after\","
        + "\"seq\":3,\"rootref\":\"" + TreeObjCodecTest.EMPTY_DIR_SHA256 + "\"}";

    Snapshot s = mapper.readValue(json, Snapshot.class);

    assertThat(s.root()).isEqualTo(TreeObjCodecTest.DIR);
    assertThat(s.namespace()).isEqualTo("after");
    assertThat(s.seq()).isEqualTo(3);
  }
}
