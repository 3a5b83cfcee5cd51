package io.kvs.connector;

import static io.kvs.connector.WireClient.get;
import static io.kvs.connector.WireClient.put;
import static io.kvs.connector.WireClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ten thousand malformed or hostile frames at a live rank over its real socket. */
@Timeout(value = 40, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnectorHostileInputTest {
  static final int FRAMES = 10_000;
  static final int FRAME_LIMIT = 8192;
  static ConnectorFixture f;

  @BeforeAll
  static void start() throws Exception {
    f = new ConnectorFixture(s -> s.withLimits(FRAME_LIMIT, 64, 256));
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  @Test
  void tenThousandHostileFramesEachGetOneErrorAndHarmNoStoredValue() throws Exception {
    String userNs = ConnectorFixture.uniqueName("victim");
    Map<String, String> before = new HashMap<>();
    try (WireClient c = f.client()) {
      c.ok("kvs.namespace-create", "{\"namespace\":\"" + userNs + "\",\"owner\":5001,\"flags\":0}");
      for (int i = 0; i < 20; i++) {
        c.ok("kvs.commit", put("primary", "safe.k" + i, "p" + i));
        c.ok("kvs.commit", put(userNs, "safe.k" + i, "u" + i));
        before.put("primary/safe.k" + i, "p" + i);
        before.put(userNs + "/safe.k" + i, "u" + i);
      }
    }
    Random rnd = new Random(20240611);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    int readable = 0;
    int unreadable = 0;
    for (int i = 0; i < FRAMES; i++) {
      long tag = readable + 1;
      byte[] frame = hostile(rnd, i % 12, tag, userNs);
      if (frame == null) {
        frame = randomBytes(rnd);
        unreadable++;
      } else if (i % 12 <= 1) {
        unreadable++;
      } else {
        readable++;
      }
      all.write(frame);
      all.write('\n');
    }
    Map<Long, Integer> answers = new HashMap<>();
    int untagged = 0;
    try (WireClient c = f.client()) {
      byte[] bytes = all.toByteArray();
      AtomicReference<Exception> sendFailure = new AtomicReference<>();
      Thread sender = new Thread(() -> {
        try {
          c.sendRaw(bytes);
          c.sendLine("{\"matchtag\":4294967295,\"topic\":\"kvs.ping\",\"payload\":{}}");
        } catch (Exception e) {
          sendFailure.set(e);
        }
      });
      sender.start();
      int pings = 0;
      for (int n = 0; n < readable + unreadable + 1; n++) {
        ObjectNode r = c.read();
        assertThat(r).as("connection stays open").isNotNull();
        long mt = r.path("matchtag").asLong();
        if (mt == 4294967295L) {
          pings++;
          continue;
        }
        assertThat(r.has("errnum")).as("an error response: " + r).isTrue();
        if (mt == 0) {
          untagged++;
        } else {
          answers.merge(mt, 1, Integer::sum);
        }
      }
      assertThat(pings).as("the closing ping is answered once").isEqualTo(1);
      sender.join();
      assertThat(sendFailure.get()).isNull();
    }
    assertThat(answers).hasSize(readable);
    assertThat(answers.values()).allMatch(n -> n == 1);
    assertThat(answers.keySet()).allMatch(t -> t >= 1 && t <= FRAMES);
    assertThat(untagged).isEqualTo(unreadable);
    try (WireClient c = f.client()) {
      for (Map.Entry<String, String> e : before.entrySet()) {
        String[] nk = e.getKey().split("/");
        assertThat(text(c.ok("kvs.lookup", get(nk[0], nk[1])).path("val")))
            .isEqualTo(e.getValue());
      }
      assertThat(c.ok("kvs.commit", put("primary", "after.hostile", "fine")).path("rootseq")
          .asLong()).isPositive();
    }
  }

  /** A hostile frame of kind {@code kind}; kinds 0 and 1 have no readable matchtag. */
  private static byte[] hostile(Random rnd, int kind, long tag, String userNs) {
    String head = "{\"matchtag\":" + tag + ",";
    String s;
    switch (kind) {
      case 0:
        return null; // random bytes
      case 1:
        s = List.of("[1,2,3]", "\"just a string\"", "{\"matchtag\":1e400,\"topic\":\"kvs.ping\"}",
            "{\"matchtag\":-5,\"topic\":\"kvs.ping\"}", "{\"topic\":\"kvs.ping\"}", "{",
            "{\"matchtag\":\"7\",\"topic\":\"kvs.ping\"}", "null", "",
            "{\"matchtag\":99999999999999999999999,\"topic\":\"kvs.ping\"}").get(rnd.nextInt(10));
        break;
      case 2: {
        String full = head + "\"topic\":\"kvs.commit\",\"payload\":" + put("primary", "safe.k1", "x")
            + "}";
        s = full.substring(0, head.length() + rnd.nextInt(full.length() - head.length() - 1));
        break;
      }
      case 3:
        s = head + List.of("\"topic\":\"kvs.lookup\",\"payload\":{\"key\":7,\"flags\":0,"
                + "\"namespace\":\"primary\"}",
            "\"topic\":\"kvs.commit\",\"payload\":{\"namespace\":\"primary\",\"flags\":\"0\","
                + "\"ops\":[]}",
            "\"topic\":\"kvs.commit\",\"payload\":{\"namespace\":\"primary\",\"flags\":0,"
                + "\"ops\":{}}",
            "\"topic\":\"kvs.getroot\",\"payload\":[]",
            "\"topic\":7,\"payload\":{}",
            "\"topic\":\"kvs.wait-version\",\"payload\":{\"namespace\":\"primary\","
                + "\"rootseq\":-1}",
            "\"topic\":\"kvs.lookup\",\"payload\":{\"key\":\"safe.k1\",\"flags\":0}",
            "\"topic\":\"kvs.ping\",\"streaming\":\"yes\",\"payload\":{}",
            "\"topic\":\"kvs.ping\",\"userid\":-3,\"payload\":{}").get(rnd.nextInt(9)) + "}";
        break;
      case 4:
        s = head + "\"topic\":\"kvs.commit\",\"payload\":{\"namespace\":\"primary\",\"flags\":"
            + "123456789012345678901234567890,\"ops\":[]}}";
        break;
      case 5: {
        int depth = 201 + rnd.nextInt(5000);
        s = head + "\"topic\":\"kvs.ping\",\"payload\":{\"x\":" + "[".repeat(depth)
            + "]".repeat(depth) + "}}";
        break;
      }
      case 6:
        s = head + "\"topic\":\"kvs." + Long.toHexString(rnd.nextLong()) + "\",\"payload\":{}}";
        break;
      case 7:
        s = head + "\"topic\":\"kvs.ping\",\"payload\":{\"pad\":\""
            + "z".repeat(FRAME_LIMIT + rnd.nextInt(20_000)) + "\"}}";
        break;
      case 8:
        s = head + "\"topic\":\"kvs.commit\",\"payload\":" + List.of(
            put("primary", ".", "x"), put("primary", "", "x"), put("", "safe.k1", "x"),
            put("no-such-ns-" + tag, "safe.k1", "x"), put("bad ns/" + tag, "k", "x"))
            .get(rnd.nextInt(5)) + "}";
        break;
      case 9: {
        String dirent = List.of("{\"data\":\"!!notbase64\",\"type\":\"val\",\"ver\":1}",
            "{\"data\":\"eA==\",\"type\":\"val\",\"ver\":2}",
            "{\"data\":\"eA==\",\"type\":\"val\",\"ver\":1,\"extra\":1}",
            "{\"data\":[\"sha256-xyz\"],\"type\":\"valref\",\"ver\":1}",
            "{\"data\":{},\"type\":\"hdir\",\"ver\":1}", "[]", "\"val\"",
            "{\"data\":{\"target\":\"\"},\"type\":\"symlink\",\"ver\":1}").get(rnd.nextInt(8));
        s = head + "\"topic\":\"kvs.commit\",\"payload\":{\"namespace\":\"primary\",\"flags\":0,"
            + "\"ops\":[{\"key\":\"safe.k" + rnd.nextInt(20) + "\",\"flags\":0,\"dirent\":"
            + dirent + "}]}}";
        break;
      }
      case 10:
        s = head + "\"topic\":\"kvs.commit\",\"userid\":5002,\"payload\":"
            + put(userNs, "safe.k" + rnd.nextInt(20), "stolen") + "}";
        break;
      default:
        s = head + "\"topic\":\"kvs.commit\",\"userid\":5001,\"payload\":"
            + List.of(put("primary", "safe.k3", "stolen"),
                "{\"namespace\":\"" + userNs + "\",\"flags\":0,\"ops\":[{\"key\":\"safe.k2\","
                    + "\"flags\":0,\"dirent\":{\"data\":{\"target\":\"safe.k1\",\"namespace\":"
                    + "\"primary\"},\"type\":\"symlink\",\"ver\":1}}]}").get(rnd.nextInt(2))
            + "}";
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] randomBytes(Random rnd) {
    byte[] b = new byte[1 + rnd.nextInt(300)];
    rnd.nextBytes(b);
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '\n') {
        b[i] = ' ';
      }
    }
    if (b[0] == '{') {
      b[0] = '(';
    }
    return b;
  }

}
