# The tokenshare image: the runnable jar on a JRE, with the shipped data files for the replay job.
# Build: docker build -t tokenshare . (docker-compose.yml builds it for you)
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY schemas schemas
COPY streams-app streams-app
RUN ./mvnw -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --home-dir /var/lib/tokenshare --create-home tokenshare \
    && mkdir -p /var/lib/tokenshare/state && chown tokenshare /var/lib/tokenshare/state
COPY --from=build /src/streams-app/target/tokenshare.jar /app/tokenshare.jar
COPY streams-app/src/main/resources/data /app/data
RUN printf '#!/bin/sh\nexec java $JAVA_OPTS -jar /app/tokenshare.jar "$@"\n' > /usr/local/bin/tokenshare \
    && chmod +x /usr/local/bin/tokenshare
USER tokenshare
WORKDIR /var/lib/tokenshare
ENV KAFKA_STATE_DIR=/var/lib/tokenshare/state
EXPOSE 8080
ENTRYPOINT ["tokenshare"]
CMD ["run"]
