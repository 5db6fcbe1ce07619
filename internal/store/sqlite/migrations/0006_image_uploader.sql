-- The media library records who uploaded each image, so that staff who
-- may edit only their own work can edit the words of their own pictures.
-- A plain id rather than a foreign key: "db copy" writes images before
-- users (authors point at images, users at authors), and pictures outlive
-- the accounts that uploaded them. An id that names no account owns
-- nothing that anyone without EditMedia on everything could edit.
ALTER TABLE images ADD COLUMN uploaded_by INTEGER;

-- The library lists newest first.
CREATE INDEX images_created ON images (created_at DESC, id DESC);
