# One image per service: docker build --build-arg MODULE=ingest-service .
FROM eclipse-temurin:17-jdk AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -q -DskipTests -pl ${MODULE} -am package

FROM eclipse-temurin:17-jre
ARG MODULE
RUN useradd --system --uid 10001 app && mkdir -p /data/uploads && chown app /data/uploads
COPY --from=build /src/${MODULE}/target/${MODULE}-*-exec.jar /app/app.jar
USER app
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
