"""Model instances from rows of plain SQL made once per process (guides.sessions,
guides.services.owned_reads): the columns' converters worked out once, as the ORM would apply
them (SQLite's dates are text, for example)."""

from dataclasses import dataclass

from django.db import connections
from django.db.models import Model


@dataclass(frozen=True)
class ModelRows:
    model: type[Model]
    names: list[str]  # the fields' attnames, in the order the SELECT has them
    columns: list  # each as an expression, for its converters
    converters: list[list]  # for each field, the database's and the field's

    @classmethod
    def of(cls, model: type[Model], alias: str, table_alias: str) -> "ModelRows":
        """The model's concrete fields, as columns of `table_alias`."""
        connection = connections[alias]
        fields = list(model._meta.concrete_fields)
        columns = [field.get_col(table_alias) for field in fields]
        converters = [
            connection.ops.get_db_converters(column) + field.get_db_converters(connection)
            for field, column in zip(fields, columns, strict=True)
        ]
        return cls(model, [field.attname for field in fields], columns, converters)

    def instance(self, alias: str, values):
        connection = connections[alias]
        converted = []
        for value, column, converters in zip(values, self.columns, self.converters, strict=True):
            for convert in converters:
                value = convert(value, column, connection)  # noqa: PLW2901
            converted.append(value)
        return self.model.from_db(alias, self.names, converted)
