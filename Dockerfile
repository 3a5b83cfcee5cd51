# Image of the KVS: every rank (bin/kvs-node) and the load driver (bin/kvs-load).
# Used by docker-compose.yml; build with `docker build -t kvs:dev .`.

# --- build stage: Maven + JDK 17, the same layout as a local `mvn package` ---------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, so that source changes do not download them again.
COPY pom.xml ./
COPY cluster-config/pom.xml cluster-config/
COPY kvs-actors/pom.xml kvs-actors/
COPY load-driver/pom.xml load-driver/
RUN mvn -B -q dependency:go-offline -DexcludeGroupIds=io.kvs || true
COPY cluster-config cluster-config
COPY kvs-actors kvs-actors
COPY load-driver load-driver
RUN mvn -B -q -DskipTests package

# --- run stage: JRE only ------------------------------------------------------------------
FROM eclipse-temurin:17-jre
WORKDIR /opt/kvs
# bin/kvs-node and bin/kvs-load run from target/classes + target/lib, as in a checkout.
COPY bin bin
COPY --from=build /src/cluster-config/target/classes cluster-config/target/classes
COPY --from=build /src/kvs-actors/target/classes kvs-actors/target/classes
COPY --from=build /src/kvs-actors/target/lib kvs-actors/target/lib
COPY --from=build /src/load-driver/target/classes load-driver/target/classes
COPY --from=build /src/load-driver/target/lib load-driver/target/lib
# No AppCDS archive in the image (the JRE has no `jar` tool and an archive must be created by
# the very JVM that uses it); the docker deployment, every rank on port 2551.
ENV KVS_CDS=off \
    KVS_DEPLOYMENT=docker \
    KVS_PORT=2551 \
    KVS_RUNDIR=/run/kvs
RUN mkdir -p /run/kvs
EXPOSE 2551
# Exec form: the JVM is PID 1's direct exec (bin/kvs-node execs java), so `docker stop`'s
# SIGTERM reaches it and runs the coordinated shutdown.
CMD ["bin/kvs-node"]
