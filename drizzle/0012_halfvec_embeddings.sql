-- Embeddings stored in half precision (issue 25). On a PostgreSQL server each dataset's HNSW index is built on
-- `embedding::halfvec(dim)` from now on; PGlite keeps `embedding::vector(dim)` (WebAssembly has no half-float
-- instructions: its halfvec builds took 6.9x as long). Old indexes are dropped first, so the type change does not
-- rebuild them, and built again afterwards (datasets that had one: 10,000 documents or more). See indexTypeOf in
-- lib/db/queries/documents.ts.
CREATE TEMP TABLE "lineup_hnsw_rebuild" ON COMMIT DROP AS
  SELECT d."id", d."embedding_dim", d."metric" FROM "datasets" d
  WHERE EXISTS (SELECT 1 FROM pg_indexes i WHERE i.indexname = 'documents_hnsw_' || d."id");--> statement-breakpoint
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT "id" FROM "lineup_hnsw_rebuild" LOOP
    EXECUTE format('DROP INDEX IF EXISTS %I', 'documents_hnsw_' || r."id");
  END LOOP;
END $$;--> statement-breakpoint
ALTER TABLE "documents" ALTER COLUMN "embedding" SET DATA TYPE halfvec USING "embedding"::halfvec;--> statement-breakpoint
DO $$
DECLARE
  r record;
  t text := CASE WHEN version() LIKE '%PGlite%' THEN 'vector' ELSE 'halfvec' END;
BEGIN
  SET LOCAL maintenance_work_mem = '512MB';
  FOR r IN SELECT * FROM "lineup_hnsw_rebuild" LOOP
    EXECUTE format(
      'CREATE INDEX %I ON documents USING hnsw ((embedding::%s(%s)) %s) WHERE dataset_id = %L',
      'documents_hnsw_' || r."id", t, r."embedding_dim",
      t || CASE WHEN r."metric" = 'dot' THEN '_ip_ops' ELSE '_cosine_ops' END, r."id");
  END LOOP;
END $$;
