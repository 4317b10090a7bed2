export {
  type FieldSelection,
  type InsertableField,
  insertIntoField,
} from './insert-into-field';
export {
  type VariableInsertDetail,
  VariableInserter,
  type VariableInserterPart,
  type VariableInserterProps,
} from './variable-inserter';
