package chaupal.tenancy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A component of a record bound from {@code project-config/} that a file may leave out: it is then
 * null, or empty for a list. Every other component is required ("missing" otherwise).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD}) // where Jackson looks
@interface OptionalField {}
