package dev.hubcrm.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.CustomerType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonInputTest {
    private static final Set<String> ALLOWED = Set.of("name", "type", "tags", "fields", "consent");

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    private static List<FieldError> errorsOf(Runnable action) {
        ValidationException e = catchThrowableOfType(ValidationException.class, action::run);
        assertThat(e).as("a ValidationException").isNotNull();
        return e.errors();
    }

    @Test
    void readsEveryKindOfField() throws Exception {
        JsonInput input = JsonInput.of(json("""
                {"name":"Ann","type":"company","tags":["a","b"],"fields":{"s":"x","n":12.50,"b":false,"gone":null},
                 "consent":true}"""), ALLOWED);

        assertThat(input.string("name")).isEqualTo("Ann");
        assertThat(input.choice("type", CustomerType::fromWire, "person, company")).isEqualTo(CustomerType.COMPANY);
        assertThat(input.strings("tags")).containsExactly("a", "b");
        Map<String, Object> fields = input.scalars("fields");
        assertThat(fields).containsOnlyKeys("s", "n", "b");
        assertThat(fields.get("s")).isEqualTo("x");
        assertThat(fields.get("n")).isInstanceOf(BigDecimal.class);
        assertThat((BigDecimal) fields.get("n")).isEqualByComparingTo("12.5");
        assertThat(fields.get("b")).isEqualTo(false);
        assertThat(input.bool("consent", false)).isTrue();
        input.validate();
    }

    @Test
    void absentAndNullFieldsReadAsNullOrTheDefault() throws Exception {
        JsonInput input = JsonInput.of(json("{\"name\":null,\"tags\":null}"), ALLOWED);
        assertThat(input.string("name")).isNull();
        assertThat(input.string("type")).isNull();
        assertThat(input.strings("tags")).isNull();
        assertThat(input.scalars("fields")).isNull();
        assertThat(input.choice("type", CustomerType::fromWire, "person, company")).isNull();
        assertThat(input.bool("consent", true)).isTrue();
        assertThat(input.bool("consent", false)).isFalse();
        input.validate();
    }

    @Test
    void typeErrorsAndUnknownFieldsAreCollectedTogether() throws Exception {
        JsonInput input = JsonInput.of(json("""
                {"fristName":"Ann","name":42,"type":"alien","tags":["ok",7,{"x":1},"fine",null],
                 "fields":{"ok":"x","list":[1],"obj":{}},"consent":"yes","admin":true}"""), ALLOWED);

        assertThat(input.string("name")).isNull();
        assertThat(input.choice("type", CustomerType::fromWire, "person, company")).isNull();
        assertThat(input.strings("tags")).containsExactly("ok", "fine");
        assertThat(input.scalars("fields")).containsOnlyKeys("ok");
        assertThat(input.bool("consent", false)).isFalse();

        List<FieldError> errors = errorsOf(input::validate);
        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder(
                "fristName", "admin", "name", "type", "tags[1]", "tags[2]", "tags[4]", "fields.list", "fields.obj", "consent");
        assertThat(errors).allSatisfy(e -> assertThat(e.message()).isNotBlank());
        assertThat(errors).filteredOn(e -> e.field().equals("type")).singleElement()
                .extracting(FieldError::message).asString().contains("person, company");
    }

    @Test
    void wrongContainerTypesAreNamed() throws Exception {
        JsonInput input = JsonInput.of(json("{\"tags\":\"a,b\",\"fields\":[1],\"name\":[\"Ann\"],\"consent\":1}"), ALLOWED);
        assertThat(input.strings("tags")).isNull();
        assertThat(input.scalars("fields")).isNull();
        assertThat(input.string("name")).isNull();
        assertThat(input.bool("consent", true)).isTrue();
        assertThat(errorsOf(input::validate)).extracting(FieldError::field)
                .containsExactlyInAnyOrder("tags", "fields", "name", "consent");
    }

    @Test
    void unknownFieldsAloneAreEnoughToFail() throws Exception {
        JsonInput input = JsonInput.of(json("{\"name\":\"Ann\",\"id\":\"cus_1\",\"createdAt\":\"x\"}"), ALLOWED);
        assertThat(input.string("name")).isEqualTo("Ann");
        assertThat(errorsOf(input::validate)).extracting(FieldError::field).containsExactlyInAnyOrder("id", "createdAt");
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefusedOnBody() throws Exception {
        for (String body : List.of("[]", "\"text\"", "1", "null", "true")) {
            assertThat(errorsOf(() -> {
                try {
                    JsonInput.of(json(body), ALLOWED);
                } catch (ValidationException e) {
                    throw e;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            })).as(body).extracting(FieldError::field).containsExactly("body");
        }
    }
}
