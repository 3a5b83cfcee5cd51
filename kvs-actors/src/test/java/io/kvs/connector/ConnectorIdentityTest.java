package io.kvs.connector;

import static io.kvs.connector.WireClient.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Roles from SO_PEERCRED. The user role needs a process of another uid: when the tests run as
 * root, {@code setpriv} runs a tiny perl client as nobody (65534); otherwise it is skipped.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnectorIdentityTest {
  static final long NOBODY = 65534;
  static ConnectorFixture f;

  @BeforeAll
  static void start() throws Exception {
    f = new ConnectorFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  @Test
  void theServiceUidGetsTheOwnerRole() throws Exception {
    try (WireClient c = f.client()) {
      JsonNode list = c.ok("kvs.namespace-list", "{}");
      assertThat(list.path("namespaces").isArray()).isTrue();
    }
  }

  @Test
  void anotherUidGetsTheUserRoleAndOnlyItsOwnNamespaces() throws Exception {
    assumeTrue(f.settings.instanceOwner() == 0, "needs root to run a client as another uid");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv is not installed");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "perl is not installed");
    String ns = ConnectorFixture.uniqueName("nobody");
    try (WireClient c = f.client()) {
      c.ok("kvs.namespace-create",
          "{\"namespace\":\"" + ns + "\",\"owner\":" + NOBODY + ",\"flags\":0}");
    }
    List<String> replies = runAsNobody(List.of(
        "{\"topic\":\"kvs.namespace-list\",\"matchtag\":1,\"payload\":{}}",
        "{\"topic\":\"kvs.commit\",\"matchtag\":2,\"payload\":" + put(ns, "k", "mine") + "}",
        "{\"topic\":\"kvs.commit\",\"matchtag\":3,\"payload\":" + put("primary", "k", "x") + "}",
        "{\"topic\":\"kvs.getroot\",\"matchtag\":4,\"userid\":0,\"payload\":"
            + "{\"namespace\":\"primary\"}}",
        "{\"topic\":\"kvs.getroot\",\"matchtag\":5,\"payload\":{\"namespace\":\"" + ns + "\"}}"));
    assertThat(replies).hasSize(5);
    JsonNode[] r = new JsonNode[6];
    for (String line : replies) {
      JsonNode n = WireClient.JSON.readTree(line);
      r[n.path("matchtag").asInt()] = n;
    }
    assertThat(r[1].path("errnum").asInt()).as("user may not list").isEqualTo(1);
    assertThat(r[2].has("errnum")).as("user writes its own namespace: " + r[2]).isFalse();
    assertThat(r[3].path("errnum").asInt()).as("user may not write primary").isEqualTo(1);
    assertThat(r[4].path("errnum").asInt()).as("user may not impersonate").isEqualTo(1);
    assertThat(r[5].path("payload").path("owner").asLong()).isEqualTo(NOBODY);
  }

  /** Sends {@code lines} from a process running as nobody and returns its response lines. */
  private static List<String> runAsNobody(List<String> lines) throws Exception {
    String script = "use IO::Socket::UNIX; my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) "
        + "or die \"connect: $!\"; my $n = 0; while (my $l = <STDIN>) { print $s $l; $n++; } "
        + "for (1..$n) { my $r = <$s>; last unless defined $r; print $r; }";
    Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=" + NOBODY,
        "--regid=" + NOBODY, "--clear-groups", "/usr/bin/perl", "-e", script,
        f.socket().toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    p.getOutputStream().write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    List<String> out = new ArrayList<>();
    try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        out.add(l);
      }
    }
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("client as nobody did not finish");
    }
    return out;
  }
}
